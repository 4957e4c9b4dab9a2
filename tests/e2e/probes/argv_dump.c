/* Writes each of its arguments argv[1..] followed by one NUL byte to stdout, unchanged, so
 * a test can compare them byte for byte with what it passed. Exit status 0, 1 on error. */
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        if (fwrite(argv[i], 1, strlen(argv[i]) + 1, stdout) != strlen(argv[i]) + 1) {
            return 1;
        }
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
