/*===- hook.c - An application's precision policy -----------------*- C -*-===*\
|*                                                                            *|
|* Part of the ap project: an adaptive-precision compiler built on MLIR.      *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*|
|*                                                                            *|
|* Save energy within a latency budget: while the last inference took no     *|
|* longer than the budget, every switch point runs its cheapest variant (the *|
|* least dynamic energy); once an inference is over budget, its most         *|
|* accurate one (the least loss), which needs no conversions or precision    *|
|* switches around it in a model computed in f32. See README.md.             *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "ap_runtime.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

/// The budget when the hook's `user` pointer gives none: the environment
/// variable AP_HOOK_LATENCY_BUDGET (seconds, a positive number), else 1 ms.
static double getBudgetFromEnvironment(void) {
  static atomic_flag warned = ATOMIC_FLAG_INIT;
  const char *text = getenv("AP_HOOK_LATENCY_BUDGET");
  if (!text)
    return 1e-3;
  char *end;
  double budget = strtod(text, &end);
  if (end != text && *end == '\0' && budget > 0 && isfinite(budget))
    return budget;
  if (!atomic_flag_test_and_set(&warned))
    fprintf(stderr,
            "ap_hook_example: AP_HOOK_LATENCY_BUDGET='%s' is not a positive "
            "number of seconds; using 0.001\n",
            text);
  return 1e-3;
}

/// Element `i` of a per-variant array of a switch point (NULL means zeros).
static double at(const double *values, int32_t i) {
  return values ? values[i] : 0.0;
}

/// The policy hook (an ap_rt_policy_hook). `user` is NULL (as ap-run
/// --hook-library passes it) or points to the budget in seconds, a double.
int32_t ap_policy_hook(const ap_rt_decision_request *request, void *user) {
  // Until the first inference has finished there is no latency to judge:
  // accept the built-in policy's proposal.
  if (request->last_latency == 0)
    return -1;
  double budget = user ? *(const double *)user : getBudgetFromEnvironment();
  const ap_rt_select_info *point = request->point;
  int withinBudget = request->last_latency <= budget;
  // Within the budget, the least energy (at equal energies, the least loss);
  // over it, the least loss (at equal losses, the least energy). The first
  // of equal variants wins.
  const double *key = withinBudget ? point->energies : point->losses;
  const double *tie = withinBudget ? point->losses : point->energies;
  int32_t best = 0;
  for (int32_t i = 1; i < point->num_variants; ++i)
    if (at(key, i) < at(key, best) ||
        (at(key, i) == at(key, best) && at(tie, i) < at(tie, best)))
      best = i;
  return best;
}
