// The entry points' pure rules: which copy is which (config.hpp, copy_role), the #! line of a
// script for the launcher (script_file.hpp), the names --make-launcher refuses and the config
// it writes (make_launcher.hpp), the shim's files (shim.hpp).
#include "cli.hpp"
#include "config.hpp"
#include "failure.hpp"
#include "make_launcher.hpp"
#include "scratch_dir.hpp"
#include "script_file.hpp"
#include "shim.hpp"

#include <boost/filesystem/operations.hpp>
#include <gtest/gtest.h>

namespace rwc {
namespace {

TEST(EntryPoints, CopyRoleFromTheFileName)
{
    // Host paths with '/' (the Windows rows run on Linux too).
    EXPECT_EQ(copy_role("/x/run-with-cuda", TargetOs::linux), CopyRole::launcher);
    EXPECT_EQ(copy_role("C:/x/RUN-WITH-CUDA-W.EXE", TargetOs::windows), CopyRole::launcher);
    for (const char* name : {"/s/bin/python", "/s/bin/python3", "/s/bin/python3.12", "/s/bin/python3.13t"}) {
        EXPECT_EQ(copy_role(name, TargetOs::linux), CopyRole::interpreter_shim) << name;
    }
    for (const char* name : {"C:/s/Scripts/python.exe", "C:/s/Scripts/PythonW.EXE", "C:/s/python3.exe"}) {
        EXPECT_EQ(copy_role(name, TargetOs::windows), CopyRole::interpreter_shim) << name;
    }
    for (const char* name : {"/a/MyApp", "/a/python-app", "/a/pythonista", "/a/python3.x"}) {
        EXPECT_EQ(copy_role(name, TargetOs::linux), CopyRole::renamed) << name;
    }
}

TEST(EntryPoints, CommandLineOptions)
{
    Cli cli = parse_cli({"--python", ".venv", "--install-shim", "shims/x"});
    EXPECT_EQ(cli.action, Action::install_shim);
    EXPECT_EQ(cli.entry_point, "shims/x");
    EXPECT_EQ(parse_cli({"--install-shim=d"}).entry_point, "d");
    cli = parse_cli({"--make-launcher", "MyApp", "--gui", "--", "python", "-m", "app", "--gui"});
    EXPECT_EQ(cli.action, Action::make_launcher);
    EXPECT_EQ(cli.entry_point, "MyApp");
    EXPECT_TRUE(cli.gui);
    EXPECT_EQ(cli.command, (std::vector<std::string>{"python", "-m", "app", "--gui"}));
    EXPECT_EQ(parse_cli({"--make-launcher=A", "python"}).command, std::vector<std::string>{"python"});
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{{"--make-launcher", "A"},
                                               {"--make-launcher", "A", "--"},
                                               {"--gui", "python"},
                                               {"--install-shim"},
                                               {"--gui=1", "--make-launcher", "A", "python"}}) {
        const auto failure = test::catch_failure([&] { parse_cli(args); });
        ASSERT_TRUE(failure) << args.front();
        EXPECT_EQ(failure->exit_status(), 2);
    }
}

TEST(EntryPoints, ShebangProgram)
{
    const std::pair<const char*, const char*> cases[] = {
        {"#!/usr/bin/env run-with-cuda\nimport sys\n", "run-with-cuda"},
        {"#!/usr/bin/env -S run-with-cuda python\n", "run-with-cuda"},
        {"#! /opt/rwc/bin/run-with-cuda python\n", "/opt/rwc/bin/run-with-cuda"},
        {"#!/usr/bin/env -S -u PYTHONHOME -C /tmp A=b run-with-cuda -v python\n", "run-with-cuda"},
        {"#!/usr/bin/env -Srun-with-cuda python\n", "run-with-cuda"},
        {"#!/usr/bin/env --split-string=run-with-cuda\n", "run-with-cuda"},
        {"#!/bin/env -i python3\r\n", "python3"},
        {"#!/usr/bin/python3", "/usr/bin/python3"},
    };
    for (const auto& [head, program] : cases) {
        EXPECT_EQ(shebang_program(head).value_or("<none>"), program) << head;
    }
    for (const char* head :
         {"", "#", "# !/usr/bin/env run-with-cuda",
          "\x7f"
          "ELF",
          "#!", "#!   \n", "#!/usr/bin/env\n", "#!/usr/bin/env -S\n", "import sys\n#!/usr/bin/env run-with-cuda\n"}) {
        EXPECT_FALSE(shebang_program(head)) << head;
    }
}

TEST(EntryPoints, LauncherScriptNamedByALinkOnPath)
{
    RWC_SKIP_LINUX_LISTS_OF_HOST_PATHS();
    test::ScratchDir dir;
    const auto launcher = dir.executable("tools/run-with-cuda", "binary");
    dir.file("a/rwc", "not executable: env(1) goes on to the next folder");
    dir.symlink("b/rwc", launcher.string());
    const auto script = dir.file("job", "#!/usr/bin/env rwc python\nprint(1)\n");
    Environment env(TargetOs::linux);
    env.set("PATH", dir.path("a").string() + ":" + dir.path("b").string());
    EXPECT_TRUE(is_launcher_script(script, launcher, env));
    env.set("PATH", dir.path("a").string());
    EXPECT_FALSE(is_launcher_script(script, launcher, env));
}

TEST(EntryPoints, LauncherNamesRefused)
{
    for (const char* name :
         {"",          ".",          "..",         "a/b",        "a\\b",          "/abs",
          "CON",       "con.txt",    "Nul",        "aux.tar.gz", "PRN.exe",       "COM1",
          "com9.toml", "LPT3",       "lpt1.exe",   "a:b",        "a*b",           "a?b",
          "a|b",       "a<b",        "a\"b",       "tab\there",  "run-with-cuda", "run-with-cuda-w.exe",
          "python",    "python3.12", "pythonw.exe"}) {
        const Status status = check_launcher_name(name);
        ASSERT_FALSE(status) << name;
        EXPECT_EQ(status.error().exit_status, 2);
        EXPECT_NE(status.error().message.find("--make-launcher: the name '"), std::string::npos);
    }
    for (const char* name : {"MyApp", "MyApp.exe", "COM10", "COM0", "console", "LPT", "my app", "ComfyUI", "nulls"}) {
        EXPECT_TRUE(check_launcher_name(name)) << name;
    }
}

TEST(EntryPoints, LauncherConfigIsRelativeToTheFolder)
{
    // An absolute folder of the host (a drive letter on Windows), with the host's rules.
    const std::string f = k_host_os == TargetOs::windows ? "C:/f" : "/f";
    PythonEnv venv;
    venv.interpreter = f + "/.venv/bin/python";
    venv.root = f + "/.venv";
    venv.kind = EnvKind::venv;
    const LauncherConfig inside = launcher_config(f, venv, {f + "/run.sh", f + "/data/x", "--flag"}, false, k_host_os);
    EXPECT_EQ(inside.interpreter.value_or(""), ".venv");
    EXPECT_EQ(inside.command, (std::vector<std::string>{"./run.sh", f + "/data/x", "--flag"}));
    const LauncherConfig nested = launcher_config(f, venv, {f + "/tools/run", "a"}, true, k_host_os);
    EXPECT_EQ(nested.command.front(), "tools/run");
    PythonEnv outside = venv;
    outside.root = "/envs/x";
    outside.interpreter = "/envs/x/bin/python";
    const LauncherConfig abs = launcher_config(f, outside, {"python", "-m", "app"}, false, k_host_os);
    EXPECT_EQ(abs.interpreter.value_or(""), "/envs/x");
    EXPECT_EQ(abs.command, (std::vector<std::string>{"python", "-m", "app"}));
    PythonEnv system;
    system.interpreter = "/usr/bin/python3";
    system.root = "/usr";
    EXPECT_EQ(launcher_config(f, system, {"python"}, false, k_host_os).interpreter.value_or(""), "/usr/bin/python3");

    const auto text = launcher_config_text(nested);
    ASSERT_TRUE(text);
    EXPECT_NE(text->find("[python]\ninterpreter = \".venv\"\n"), std::string::npos) << *text;
    EXPECT_NE(text->find("[app]\ncommand = [\"tools/run\", \"a\"]\nworking-directory = \".\"\ngui = true\n"),
              std::string::npos)
        << *text;
    LauncherConfig bad = nested;
    bad.command.push_back("\xff");
    EXPECT_FALSE(launcher_config_text(bad));
}

TEST(EntryPoints, ShimFiles)
{
    PythonEnv venv;
    venv.interpreter = "/p/.venv/bin/python";
    venv.version = "3.12";
    const auto linux_files = shim_files("/s", venv, "/usr/bin/run-with-cuda", TargetOs::linux);
    ASSERT_TRUE(linux_files);
    std::vector<std::string> names;
    for (const auto& file : *linux_files) {
        names.push_back(file.path.generic_string());
    }
    EXPECT_EQ(names, (std::vector<std::string>{"/s/bin/python", "/s/bin/python3", "/s/bin/python3.12",
                                               "/s/bin/run-with-cuda.toml"}));
    EXPECT_EQ((*linux_files)[0].source, "/usr/bin/run-with-cuda");
    EXPECT_EQ((*linux_files)[1].source, "python");
    EXPECT_NE((*linux_files)[3].text.find("[python]\ninterpreter = \"/p/.venv/bin/python\"\n"), std::string::npos);
    venv.version.clear();
    EXPECT_EQ(shim_files("/s", venv, "/usr/bin/run-with-cuda", TargetOs::linux)->size(), 3u);
}

TEST(EntryPoints, WindowsShimFilesAndTheGuiVariant)
{
    test::ScratchDir dir;
    const auto console = dir.file("tools/run-with-cuda.exe", "console");
    PythonEnv venv;
    venv.interpreter = "C:/p/.venv/Scripts/python.exe";
    const auto missing = shim_files(dir.path("s"), venv, console, TargetOs::windows);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().exit_status, 2);
    EXPECT_NE(missing.error().message.find("run-with-cuda-w.exe"), std::string::npos);
    const auto gui = dir.file("tools/run-with-cuda-w.exe", "gui");
    const auto files = shim_files(dir.path("s"), venv, console, TargetOs::windows);
    ASSERT_TRUE(files);
    ASSERT_EQ(files->size(), 3u);
    EXPECT_EQ((*files)[0].path.filename(), "python.exe");
    EXPECT_EQ((*files)[0].source, console);
    EXPECT_EQ((*files)[1].path.filename(), "pythonw.exe");
    EXPECT_EQ((*files)[1].source, gui);
    EXPECT_EQ((*files)[2].path.filename(), "run-with-cuda.toml");
    EXPECT_EQ((*files)[0].path.parent_path().filename(), "Scripts");
    // Started as the GUI variant, the console copy is the one beside it; a renamed console
    // copy with nothing beside it is copied itself.
    EXPECT_EQ(launcher_binary(gui, false, TargetOs::windows).value_or(""), console);
    const auto renamed = dir.file("app/MyApp.exe", "x");
    EXPECT_EQ(launcher_binary(renamed, false, TargetOs::windows).value_or(""), renamed);
    EXPECT_EQ(launcher_binary(renamed, true, TargetOs::linux).value_or(""), renamed);
}

TEST(EntryPoints, WriteNewFilesIsAllOrNothing)
{
    test::ScratchDir dir;
    const auto source = dir.file("source", "bytes");
    const std::vector<NewFile> files{{dir.path("a.toml"), NewFile::Kind::text, {}, "text"},
                                     {dir.path("a"), NewFile::Kind::copy, source, {}},
                                     {dir.path("missing-folder/b"), NewFile::Kind::text, {}, "x"}};
    const Status failed = write_new_files(files);
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().exit_status, 1);
    EXPECT_FALSE(boost::filesystem::exists(dir.path("a.toml")));
    EXPECT_FALSE(boost::filesystem::exists(dir.path("a")));
    // A file (on POSIX also a dangling link) in the way: nothing is written.
    if (k_host_os == TargetOs::linux) {
        dir.symlink("c", "nowhere");
    } else {
        dir.file("c", "x");
    }
    const Status refused =
        write_new_files({{dir.path("d"), NewFile::Kind::text, {}, "x"}, {dir.path("c"), NewFile::Kind::text, {}, "x"}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().exit_status, 2);
    EXPECT_FALSE(boost::filesystem::exists(dir.path("d")));
    ASSERT_TRUE(write_new_files({files[0], files[1]}));
    EXPECT_EQ(test::read_file(dir.path("a")), "bytes");
    EXPECT_TRUE(is_launcher_copy(dir.path("a"), source));
    EXPECT_FALSE(is_launcher_copy(dir.path("a.toml"), source));
}

} // namespace
} // namespace rwc
