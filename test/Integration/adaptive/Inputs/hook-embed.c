/* An embedding application that registers the example hook
 * (examples/adaptive-hook) with ap_rt_set_policy_hook, its budget passed as
 * the `user` pointer, and plays the part of compiled code itself: each
 * inference executes one switch point (f32, or i8 at half the energy, a
 * loss of 0.01) on the accelerator and launches the chosen variant for
 * 2 us. Prints the variant each inference ran, on one line:
 *
 *   hook-embed target.json budget|env default inferences
 *
 * where `env` registers the hook with `user` NULL, so that it reads
 * AP_HOOK_LATENCY_BUDGET as under ap-run. */
#include "ap_runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int32_t ap_policy_hook(const ap_rt_decision_request *request, void *user);

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s target.json budget|env default inferences\n",
            argv[0]);
    return 2;
  }
  FILE *file = fopen(argv[1], "rb");
  static char target[1 << 16];
  size_t length = file ? fread(target, 1, sizeof(target), file) : 0;
  if (!file || length == 0 || length == sizeof(target)) {
    fprintf(stderr, "%s: cannot read the target\n", argv[1]);
    return 1;
  }
  fclose(file);
  char *error = NULL;
  ap_rt_context *context = ap_rt_create(target, length, argv[1], &error);
  if (!context) {
    fprintf(stderr, "%s\n", error);
    ap_rt_free_string(error);
    return 1;
  }
  ap_rt_set_current(context);
  double budget = strcmp(argv[2], "env") ? atof(argv[2]) : 0;
  ap_rt_set_policy_hook(context, ap_policy_hook,
                        strcmp(argv[2], "env") ? &budget : NULL);

  const int32_t precisions[] = {AP_RT_FORMAT_F32, AP_RT_FORMAT_I8};
  const double losses[] = {0, 0.01}, times[] = {2e-6, 2e-6},
               energies[] = {2e-6, 1e-6};
  ap_rt_select_info point = {
      "layer", 1, 2, atoi(argv[3]), precisions, losses, times, energies, NULL};
  int inferences = atoi(argv[4]);
  for (int i = 0; i < inferences; ++i) {
    ap_rt_begin_inference(context, i, 0);
    int32_t variant = ap_rt_select(&point);
    ap_rt_launch_info launch;
    memset(&launch, 0, sizeof(launch));
    launch.name = "layer";
    launch.device = 1;
    launch.memory = -1;
    launch.precision = precisions[variant];
    launch.accumulator = variant ? AP_RT_FORMAT_I32 : AP_RT_FORMAT_F32;
    launch.time = times[variant];
    launch.dynamic_energy = energies[variant];
    ap_rt_launch(&launch);
    ap_rt_end_inference(context);
    printf("%s%d", i ? " " : "", variant);
  }
  printf("\n");
  const char *failure = ap_rt_error(context);
  if (failure)
    fprintf(stderr, "error: %s\n", failure);
  ap_rt_destroy(context);
  return failure ? 1 : 0;
}
