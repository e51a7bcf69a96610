/* The physical limit of a job runner on this machine: posix_spawn N jobs, at most P at once, and reap
 * them. Usage: spawn_loop N P [program [args...]] (default /bin/true). Prints nothing; time it. */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 2000;
    long p = argc > 2 ? atol(argv[2]) : 1;
    char *def[] = {"/bin/true", NULL};
    char **job = argc > 3 ? argv + 3 : def;
    long started = 0, running = 0;
    while (started < n || running > 0) {
        while (started < n && running < p) {
            pid_t pid;
            if (posix_spawnp(&pid, job[0], NULL, NULL, job, environ) != 0) {
                perror("posix_spawnp");
                return 1;
            }
            started++;
            running++;
        }
        int status;
        if (wait(&status) > 0) {
            running--;
        }
    }
    return 0;
}
