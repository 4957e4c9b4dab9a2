// rwc_core_link_check: linked with every object of rwc_core (launcher/CMakeLists.txt), so a
// core file that uses anything of the doctor or of app.cpp fails the build. Never run.
int main()
{
    return 0;
}
