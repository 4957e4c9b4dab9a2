// The entry points other than a typed command (docs/integrations.md, "IDEs" and "Shebang
// scripts"; docs/packaged-apps.md, "Making the entry point: --make-launcher"): the
// interpreter shim answers as the environment's own interpreter, scripts run by their #!
// line get the environment and never make the launcher start itself again, and a folder
// made by --make-launcher runs its app after being moved.
#include "cuda_venv_test.hpp"

#include <boost/filesystem/operations.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <sys/stat.h>

namespace rwc::e2e {
namespace {

using EntryPoints = CudaVenvTest;

/// The folder of the built launcher, first on PATH (the env forms of #! find it there).
EnvMap env_with_launcher_on_path(EnvMap env)
{
    env["PATH"] = launcher_path().parent_path().string() + ":" + env["PATH"];
    return env;
}

TEST_F(EntryPoints, ShimAnswersProbesAsTheEnvironmentsInterpreter)
{
    ProcessResult made =
        launch({"--python", venv().root.string(), "--install-shim", (work() / "shim").string()}, env());
    ASSERT_TRUE(made.exited_with(0)) << made.describe();
    const fs::path bin = work() / "shim" / "bin";
    ASSERT_TRUE(fs::is_regular_file(bin / "python") && !fs::is_symlink(bin / "python"));
    ASSERT_TRUE(fs::is_symlink(bin / "python3"));
    ASSERT_TRUE(fs::is_symlink(bin / ("python" + venv().version)));
    EXPECT_FALSE(fs::exists(work() / "shim" / "pyvenv.cfg"));
    const std::string probe = "import sys, json; print(json.dumps([sys.prefix, sys.base_prefix, sys.executable, "
                              "sys.path, sys.flags.isolated, sys.flags.ignore_environment, sys.argv]))";
    const std::vector<std::vector<std::string>> probes{
        {"-c", probe},
        {"-I", "-c", probe},
        {"-E", "-s", "-c", probe, "--print-env", "-v"},
        {"--version"},
        {"-c", "import sys; sys.exit(7)"},
        {"--print-env"}, // not an option of the launcher: the interpreter's own usage error
        {"-m", "json.tool", "--help"},
    };
    for (const std::string& name : std::vector<std::string>{"python", "python3", "python" + venv().version}) {
        for (const auto& args : probes) {
            std::vector<std::string> shim{(bin / name).string()};
            std::vector<std::string> own{venv().interpreter.string()};
            shim.insert(shim.end(), args.begin(), args.end());
            own.insert(own.end(), args.begin(), args.end());
            SCOPED_TRACE(name + " " + args.front());
            const ProcessResult through = run_direct(shim, env(), work());
            const ProcessResult direct = run_direct(own, env(), work());
            EXPECT_EQ(through.wait_status, direct.wait_status) << through.describe();
            EXPECT_EQ(through.out, direct.out);
            EXPECT_EQ(through.err, direct.err);
        }
    }
    // A script read from stdin ("-"), with its arguments.
    const std::string stdin_run = "printf 'import sys, os\\nprint(sys.argv, sys.prefix)\\n' | \"$0\" - a 'b c'";
    const ProcessResult through = run_direct({"/bin/sh", "-c", stdin_run, (bin / "python").string()}, env(), work());
    const ProcessResult direct = run_direct({"/bin/sh", "-c", stdin_run, venv().interpreter.string()}, env(), work());
    EXPECT_TRUE(through.exited_with(0)) << through.describe();
    EXPECT_EQ(through.out, direct.out);
    EXPECT_NE(through.out.find("['-', 'a', 'b c']"), std::string::npos) << through.out;
}

TEST_F(EntryPoints, ShimSetsTheEnvironmentAndLoadsTheVenvsLibraries)
{
    ASSERT_TRUE(
        launch({"--python", venv().root.string(), "--install-shim", (work() / "s").string()}, env()).exited_with(0));
    EnvMap outer = env();
    outer["VIRTUAL_ENV"] = "/nonexistent/other-venv"; // an IDE's own activation: the shim's config wins
    const ProcessResult r = run_direct({(work() / "s" / "bin" / "python").string(),
                                        probe_script("load_libs.py").string(), "libcudart.so.13", "libnvrtc.so.13"},
                                       outer, "/");
    ASSERT_TRUE(r.exited_with(0)) << r.describe();
    const auto seen = nlohmann::json::parse(r.out);
    for (const char* soname : {"libcudart.so.13", "libnvrtc.so.13"}) {
        SCOPED_TRACE(soname);
        ASSERT_TRUE(seen[soname]["loaded"].get<bool>()) << r.out;
        EXPECT_TRUE(same_file(seen[soname]["path"].get<std::string>(), venv().libraries.at(soname))) << r.out;
    }
}

TEST_F(EntryPoints, InstallShimNeverOverwrites)
{
    const std::vector<std::string> args{"--python", venv().root.string(), "--install-shim", (work() / "s").string()};
    ASSERT_TRUE(launch(args, env()).exited_with(0));
    const fs::path config = work() / "s" / "bin" / "run-with-cuda.toml";
    test::write_file(config, "# mine\n[python]\ninterpreter = " + toml_quote(venv().interpreter.string()) + "\n");
    const ProcessResult again = launch(args, env());
    EXPECT_TRUE(again.exited_with(2)) << again.describe();
    EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
    EXPECT_EQ(test::read_file(config).rfind("# mine\n", 0), 0u);
    // One file in the way: nothing is written, not even the folder.
    test::write_file(work() / "t" / "bin" / "run-with-cuda.toml", "x");
    EXPECT_TRUE(
        launch({"--python", venv().root.string(), "--install-shim", (work() / "t").string()}, env()).exited_with(2));
    EXPECT_FALSE(fs::exists(work() / "t" / "bin" / "python"));
}

TEST_F(EntryPoints, ShimConfigErrors)
{
    const fs::path bin = work() / "bad" / "bin";
    fs::create_directories(bin);
    copy_file_fast(launcher_path(), bin / "python");
    const auto run = [&] { return run_direct({(bin / "python").string(), "-c", "print('ran')"}, env(), work()); };
    const auto expect_refused = [&](const std::string& text) {
        const ProcessResult r = run();
        EXPECT_TRUE(r.exited_with(2)) << r.describe();
        EXPECT_EQ(r.out, "");
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_NE(r.err.find(text), std::string::npos) << r.err;
    };
    expect_refused("needs its config beside it");
    test::write_file(bin / "run-with-cuda.toml", "[cuda]\nenabled = true\n");
    expect_refused("needs [python] interpreter");
    test::write_file(bin / "run-with-cuda.toml", "[python]\ninterpreter = " + toml_quote(venv().interpreter.string()) +
                                                     "\n[app]\ncommand = [\"python\"]\n");
    expect_refused("[app] has no meaning");
    test::write_file(bin / "run-with-cuda.toml", "[python]\ninterpreter = \"python\"\n");
    expect_refused("names this shim itself");
    // Another copy of the launcher as the interpreter: refused too (no chain of shims).
    copy_file_fast(launcher_path(), work() / "other-python");
    test::write_file(bin / "run-with-cuda.toml",
                     "[python]\ninterpreter = " + toml_quote((work() / "other-python").string()) + "\n");
    expect_refused("another copy of run-with-cuda");
    test::write_file(bin / "run-with-cuda.toml",
                     "[python]\ninterpreter = " + toml_quote(venv().interpreter.string()) + "\n");
    ASSERT_EQ(::chmod((bin / "run-with-cuda.toml").c_str(), 0666), 0);
    expect_refused("found config not used");
    ASSERT_EQ(::chmod((bin / "run-with-cuda.toml").c_str(), 0644), 0);
    EXPECT_EQ(run().out, "ran\n");
}

/// A script that prints its sys.argv, sys.prefix, pid and LD_LIBRARY_PATH as JSON.
const char* const k_script_body = "import json, os, sys\n"
                                  "print(json.dumps({'argv': sys.argv, 'prefix': sys.prefix, 'pid': os.getpid(),\n"
                                  "                  'ld': os.environ.get('LD_LIBRARY_PATH', '')}))\n";

/// Runs argv (a script by its #! line, or the launcher) with env; returns the script's JSON
/// and checks that it ran in the very process the test started (exec all the way: no
/// launcher left waiting, no second launcher), within 30 s (a loop would never print).
nlohmann::json run_script(const std::vector<std::string>& argv, const EnvMap& env, const fs::path& cwd)
{
    RunningProcess child({argv, to_envp(env), cwd});
    const std::string line = child.read_stdout_line(30000);
    if (line.empty()) {
        child.send_signal(SIGKILL);
        ADD_FAILURE() << "no output in 30 s: " << child.wait().describe();
        return {};
    }
    const pid_t pid = child.pid();
    const ProcessResult r = child.wait();
    EXPECT_TRUE(r.exited_with(0)) << r.describe();
    const auto seen = nlohmann::json::parse(line);
    EXPECT_EQ(seen["pid"].get<pid_t>(), pid) << "the script ran in another process than the one started";
    return seen;
}

TEST_F(EntryPoints, ShebangFormsRunTheScriptInTheEnvironment)
{
    const std::string launcher = launcher_path().string();
    const std::pair<const char*, std::string> forms[] = {
        {"env-S", "#!/usr/bin/env -S run-with-cuda python\n"},
        {"absolute", "#!" + launcher + " python\n"},
        {"env-bare", "#!/usr/bin/env run-with-cuda\n"},
        {"absolute-bare", "#!" + launcher + "\n"},
    };
    EnvMap environment = env_with_launcher_on_path(env());
    environment["VIRTUAL_ENV"] = venv().root.string();
    const std::string lib_dir = venv().libraries.at("libcudart.so.13").parent_path().string();
    for (const auto& [name, shebang] : forms) {
        SCOPED_TRACE(name);
        const fs::path script = work() / (std::string(name) + "-script");
        test::write_file(script, shebang + k_script_body);
        ASSERT_EQ(::chmod(script.c_str(), 0755), 0);
        for (const auto& argv0 : {script.string(), "./" + script.filename().string()}) {
            const auto seen = run_script({argv0, "a b", "--verbose", ""}, environment, work());
            EXPECT_EQ(seen["argv"], nlohmann::json({argv0, "a b", "--verbose", ""}));
            EXPECT_TRUE(same_file(seen["prefix"].get<std::string>(), venv().root)) << seen.dump();
            EXPECT_NE(seen["ld"].get<std::string>().find(lib_dir), std::string::npos) << seen.dump();
        }
        // Given to the launcher as COMMAND: run by the interpreter, never executed itself.
        const auto as_command = run_script({launcher, script.string(), "x"}, environment, work());
        EXPECT_EQ(as_command["argv"], nlohmann::json({script.string(), "x"}));
    }
}

TEST_F(EntryPoints, ABareShebangScriptIsNeverExecutedByTheLauncher)
{
    EnvMap environment = env_with_launcher_on_path(env());
    environment["VIRTUAL_ENV"] = venv().root.string();
    // Another name of the launcher (a link) on PATH: found to be the launcher by the file itself.
    const fs::path links = work() / "links";
    fs::create_directories(links);
    fs::create_symlink(launcher_path(), links / "rwc");
    environment["PATH"] = links.string() + ":" + environment["PATH"];
    const fs::path script = work() / "linked";
    test::write_file(script, std::string("#!/usr/bin/env rwc\n") + k_script_body);
    ASSERT_EQ(::chmod(script.c_str(), 0755), 0);
    const auto seen = run_script({script.string(), "1"}, environment, work());
    EXPECT_EQ(seen["argv"], nlohmann::json({script.string(), "1"}));
    // --dry-run shows the interpreter as the program and the script as its first argument.
    const ProcessResult dry = run_launcher({"--dry-run", script.string(), "1"}, environment, work());
    ASSERT_TRUE(dry.exited_with(0)) << dry.describe();
    EXPECT_NE(dry.out.find("# program: " + venv().interpreter.string() + "\n"), std::string::npos) << dry.out;
    EXPECT_NE(dry.out.find("' '" + script.string() + "' '1'\n"), std::string::npos) << dry.out;
}

TEST_F(EntryPoints, EnvWithoutSplitStringFailsOnLinux)
{
    // The kernel passes everything after the interpreter as one argument: env looks for a
    // program named "run-with-cuda python" (docs/integrations.md, "Shebang scripts").
    const fs::path script = work() / "no-S";
    test::write_file(script, std::string("#!/usr/bin/env run-with-cuda python\n") + k_script_body);
    ASSERT_EQ(::chmod(script.c_str(), 0755), 0);
    const ProcessResult r = run_direct({script.string()}, env_with_launcher_on_path(env()), work());
    EXPECT_TRUE(r.exited_with(127)) << r.describe();
    EXPECT_NE(r.err.find("run-with-cuda python"), std::string::npos) << r.err;
}

TEST_F(EntryPoints, MadeLauncherFolderRunsAfterBeingMoved)
{
    std::string searched;
    const auto base = find_base_interpreter(searched);
    ASSERT_TRUE(base) << searched;
    test::ScratchDir first;
    const fs::path folder = first.dir("app");
    Venv app_venv = create_venv(*base, folder / ".venv");
    const fs::path lib = app_venv.site_packages / "nvidia" / "cu13" / "lib";
    fs::create_directories(lib);
    copy_file_fast(standin_dir() / "libcudart.so.13", lib / "libcudart.so.13");
    test::write_file(folder / "app.py", "import ctypes, json, os, sys\n"
                                        "lib = ctypes.CDLL('libcudart.so.13')\n"
                                        "lib.rwc_standin_path.restype = ctypes.c_char_p\n"
                                        "print(json.dumps({'argv': sys.argv, 'cwd': os.getcwd(), 'prefix': sys.prefix,"
                                        " 'lib': lib.rwc_standin_path().decode()}))\n");
    ProcessResult made = run_launcher({"--make-launcher", "MyApp", "--", "python", "app.py", "--fixed"}, env(), folder);
    ASSERT_TRUE(made.exited_with(0)) << made.describe();
    const std::string config = test::read_file(folder / "MyApp.toml");
    EXPECT_NE(config.find("interpreter = \".venv\"\n"), std::string::npos) << config;
    EXPECT_NE(config.find("command = [\"python\", \"app.py\", \"--fixed\"]\n"), std::string::npos) << config;

    const fs::path lib_in_venv = lib.lexically_relative(folder / ".venv");
    test::ScratchDir second;
    const fs::path moved = second.path("moved app");
    fs::rename(folder, moved);
    for (const fs::path& cwd : {fs::path("/"), second.root(), work()}) {
        SCOPED_TRACE(cwd.string());
        const ProcessResult r = run_direct({(moved / "MyApp").string(), "x y", "--help"}, env(), cwd);
        ASSERT_TRUE(r.exited_with(0)) << r.describe();
        const auto seen = nlohmann::json::parse(r.out);
        EXPECT_EQ(seen["argv"], nlohmann::json({"app.py", "--fixed", "x y", "--help"}));
        EXPECT_TRUE(same_file(seen["cwd"].get<std::string>(), moved));
        EXPECT_TRUE(same_file(seen["prefix"].get<std::string>(), moved / ".venv"));
        EXPECT_TRUE(same_file(seen["lib"].get<std::string>(), moved / ".venv" / lib_in_venv / "libcudart.so.13"))
            << r.out;
    }
}

TEST_F(EntryPoints, MakeLauncherRefusesAndWritesNothing)
{
    const fs::path folder = work() / "app";
    fs::create_directories(folder);
    const std::vector<std::string> python{"--python", venv().root.string()};
    const auto listing = [&] {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(folder)) {
            names.push_back(entry.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    };
    test::write_file(folder / "Taken.toml", "x");
    const std::vector<std::vector<std::string>> refused{
        {"--make-launcher", "sub/App", "--", "python"},
        {"--make-launcher", "CON", "--", "python"},
        {"--make-launcher", "nul.txt", "--", "python"},
        {"--make-launcher", "Lpt1.exe", "--", "python"},
        {"--make-launcher", "python3", "--", "python"},
        {"--make-launcher", "Taken", "--", "python"},
        {"--make-launcher", "App"},
        {"--gui", "--", "python"},
    };
    for (const auto& args : refused) {
        SCOPED_TRACE(args[1]);
        std::vector<std::string> full = python;
        full.insert(full.end(), args.begin(), args.end());
        const ProcessResult r = run_launcher(full, env(), folder);
        EXPECT_TRUE(r.exited_with(2)) << r.describe();
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_EQ(listing(), std::vector<std::string>{"Taken.toml"});
    }
    // The binary in the way, not the config: still nothing written.
    test::write_file(folder / "Other", "x");
    std::vector<std::string> full = python;
    full.insert(full.end(), {"--make-launcher", "Other", "--", "python"});
    EXPECT_TRUE(run_launcher(full, env(), folder).exited_with(2));
    EXPECT_EQ(listing(), (std::vector<std::string>{"Other", "Taken.toml"}));
}

} // namespace
} // namespace rwc::e2e
