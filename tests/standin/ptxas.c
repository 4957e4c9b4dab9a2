/* A stand-in for NVIDIA's ptxas: prints "rwc-standin-ptxas <its own absolute path>" (from
 * /proc/self/exe), so a test can tell which copy a PATH search started. Exit status 0. */
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n < 0) {
        perror("rwc-standin-ptxas: readlink /proc/self/exe");
        return 1;
    }
    path[n] = '\0';
    printf("rwc-standin-ptxas %s\n", path);
    return 0;
}
