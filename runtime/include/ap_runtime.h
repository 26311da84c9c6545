/*===- ap_runtime.h - C ABI of the ap runtime --------------------*- C -*-===*\
|*                                                                            *|
|* Part of the ap project: an adaptive-precision compiler built on MLIR.      *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*|
|*                                                                            *|
|* The C interface of libap_runtime: the simulated accelerator that compiled  *|
|* code calls (launches, transfers, switches, waits, probes, observations)    *|
|* and the context management a driver or an embedding application uses     *|
|* (including calibration). The simulation model, the stats, the trace and    *|
|* the calibration are described in docs/runtime.md.                          *|
|*                                                                            *|
|* Every time is in seconds, every energy in joules and every size in bytes.  *|
|* Devices, memories and links are indices into the target description:      *|
|* its devices, a device's memories and its links, in the order written.      *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef AP_RUNTIME_H
#define AP_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The number formats of buffers and of the values in memory. The values
/// equal those of `mlir::ap::Precision`. In host memory: f32 is `float`;
/// f16 and bf16 are their `uint16_t` bit patterns; the f8 formats are their
/// `uint8_t` bit patterns; i32, i16 and i8 are two's complement integers of
/// that width; u8 is `uint8_t`; i4 is an `int8_t` in [-8, 7] and u4 a
/// `uint8_t` in [0, 15], one element per byte. Simulated byte counts use the
/// packed widths (i4 and u4 are 4 bits).
typedef enum ap_rt_format {
  AP_RT_FORMAT_F32 = 0,
  AP_RT_FORMAT_F16 = 1,
  AP_RT_FORMAT_BF16 = 2,
  AP_RT_FORMAT_F8E4M3FN = 3,
  AP_RT_FORMAT_F8E5M2 = 4,
  AP_RT_FORMAT_I32 = 5,
  AP_RT_FORMAT_I16 = 6,
  AP_RT_FORMAT_I8 = 7,
  AP_RT_FORMAT_U8 = 8,
  AP_RT_FORMAT_I4 = 9,
  AP_RT_FORMAT_U4 = 10,
  /// Any other element type: copied bytewise, never converted.
  AP_RT_FORMAT_OPAQUE = 255
} ap_rt_format;

/// The quality metrics a probe computes.
typedef enum ap_rt_metric {
  /// Signal to quantization noise ratio of the data against the reference,
  /// in decibels: 10 log10(sum ref^2 / sum (data - ref)^2).
  AP_RT_METRIC_SQNR = 0,
  /// Population variance of the data.
  AP_RT_METRIC_VARIANCE = 1,
  /// Shannon entropy, in bits, of the distribution of the distinct values
  /// of the data.
  AP_RT_METRIC_ENTROPY = 2,
  /// Fraction of the data at the extreme finite values of its format (or
  /// infinite).
  AP_RT_METRIC_SATURATION_RATE = 3
} ap_rt_metric;

/// A simulation context: the target, the simulated clock and every event
/// since the last reset. Not thread safe: use one context per thread.
typedef struct ap_rt_context ap_rt_context;

/// A kernel launch, with the cost the compiler computed for it.
typedef struct ap_rt_launch_info {
  /// The cost key of the kernel, e.g. "main#3".
  const char *name;
  /// The device, and the memory tier whose bandwidth the cost used (-1: the
  /// device's last tier).
  int32_t device, memory;
  /// The input and accumulator precisions (`ap_rt_format`). The device
  /// switches to `precision` first when it is configured for another one;
  /// AP_RT_FORMAT_OPAQUE for a kernel that needs no configuration.
  int32_t precision, accumulator;
  /// Total, compute, memory and overhead seconds of the kernel.
  double time, compute_time, memory_time, overhead_time;
  /// Joules of the operations and bytes, and of idle power over `time`.
  double dynamic_energy, static_energy;
  /// Scalar operations and bytes read and written.
  int64_t ops, bytes_read, bytes_written;
  /// The number of buffers read and written.
  int32_t num_reads, num_writes;
  /// The ids of the buffers read (`num_reads` of them).
  const int64_t *reads;
  /// The ids of the buffers written, which the launch creates.
  const int64_t *writes;
  /// The stored bytes of each written buffer.
  const int64_t *write_bytes;
  /// The format (`ap_rt_format`) of each written buffer.
  const int32_t *write_formats;
} ap_rt_launch_info;

/// A move of a buffer between devices or memory tiers.
typedef struct ap_rt_transfer_info {
  /// A name for the stats and the trace.
  const char *name;
  /// The ids of the buffer read and of the buffer created.
  int64_t source, destination;
  /// The endpoints (memory -1: the device as a whole for pricing, its last
  /// tier for the destination's placement).
  int32_t from_device, from_memory, to_device, to_memory;
  /// The link to use; -1 for the cost model's route.
  int32_t link;
  /// The formats (`ap_rt_format`) of the source, on the wire and of the
  /// destination. The wire format may equal the source format.
  int32_t source_format, wire_format, destination_format;
  /// The number of values moved.
  int64_t elements;
  /// The size of the last dimension of the value moved (1 for a 0-d value;
  /// 0 when not known statically): adaptive storage's channels.
  int64_t channels;
} ap_rt_transfer_info;

/// A quality probe over a deterministic sample of a tensor.
typedef struct ap_rt_probe_info {
  /// The probe's name; the stats aggregate by name.
  const char *name;
  /// The metric (`ap_rt_metric`).
  int32_t metric;
  /// The formats (`ap_rt_format`) of the data and of the reference.
  int32_t format, reference_format;
  /// The number of values of the data (and of the reference).
  int64_t elements;
  /// The fraction of the values sampled: every k-th value from the first,
  /// k = max(1, round(1 / sample_rate)); must be in (0, 1].
  double sample_rate;
  /// The device the probed data lives on.
  int32_t device;
  /// Nonzero when the metric is evaluated for `as_format`, an
  /// `ap_rt_format`: each sampled value is then converted to it (floats: round to nearest
  /// even, saturating; integers: q = clamp(round_half_even(x / as_scale) +
  /// as_zero_point)) and back, and the metric is that of the converted
  /// values: sqnr compares them with the data (no reference is needed),
  /// saturation_rate counts the values the conversion saturates, variance
  /// and entropy are those of the converted values.
  int32_t evaluate_as, as_format;
  /// The scale and zero point of an integer `as_format`.
  double as_scale;
  int64_t as_zero_point;
  /// The switch point (`ap_rt_select_info.name`) whose variant at
  /// `as_format` (else at `format`) the metric describes, or NULL: the
  /// precision manager's quality monitor receives it.
  const char *site;
} ap_rt_probe_info;

/// A switch point: the precision variants of one computation (an
/// `ap.adaptive`), of which the precision manager chooses one each time it
/// executes.
typedef struct ap_rt_select_info {
  /// The switch point's id; its variants must be the same at every call.
  const char *name;
  /// The device the variants run on.
  int32_t device;
  /// The number of variants (at least one) and the variant to start with.
  int32_t num_variants, default_variant;
  /// Per variant: the precision its arithmetic runs at (`ap_rt_format`).
  const int32_t *precisions;
  /// Per variant: the estimated accuracy loss of running it (the sensitivity
  /// shipped in the module; 0 for the reference), the simulated seconds and
  /// dynamic joules of one execution (the sum of its launches, with the
  /// precision switches it causes), and the bytes its launches read and
  /// write.
  const double *losses, *times, *energies;
  const int64_t *bytes;
} ap_rt_select_info;

/// An observation of a value for calibration.
typedef struct ap_rt_observe_info {
  /// The value's id (the `ap.observe` id); the statistics aggregate by id.
  const char *name;
  /// The device the observed data lives on.
  int32_t device;
  /// The format (`ap_rt_format`) of the data.
  int32_t format;
  /// The number of values of the data.
  int64_t elements;
} ap_rt_observe_info;

/// The calibration passes (ap_rt_set_calibration_pass).
typedef enum ap_rt_calibration_pass {
  /// Observations are ignored (at the cost of a call and a test).
  AP_RT_CALIBRATION_OFF = 0,
  /// Observations add to each value's count, minimum, maximum, mean and
  /// variance.
  AP_RT_CALIBRATION_MOMENTS = 1,
  /// Observations add to each value's histogram, over the range that pass 1
  /// observed.
  AP_RT_CALIBRATION_HISTOGRAM = 2
} ap_rt_calibration_pass;

//===----------------------------------------------------------------------===//
// Context management (drivers and embedders)
//===----------------------------------------------------------------------===//

/// Creates a context for the target described by the ap-target JSON text
/// `target_json` of `length` bytes, read from `file_name` (used in error
/// messages; may be NULL). On failure returns NULL and, when `error` is not
/// NULL, sets `*error` to a message to free with `ap_rt_free_string`.
ap_rt_context *ap_rt_create(const char *target_json, size_t length,
                            const char *file_name, char **error);

/// Destroys `context` (NULL is ignored). If it is the current context of the
/// calling thread, the thread has no current context afterwards.
void ap_rt_destroy(ap_rt_context *context);

/// Makes `context` (may be NULL) the calling thread's current context, the
/// one the calls of compiled code go to.
void ap_rt_set_current(ap_rt_context *context);

/// The calling thread's current context, or NULL.
ap_rt_context *ap_rt_get_current(void);

/// Forgets every event and the first error: the start of a new run. The
/// calibration statistics and pass are kept (see ap_rt_clear_calibration).
void ap_rt_reset(ap_rt_context *context);

/// The first error since the last reset, or NULL. After an error, every
/// event is ignored. The string lives until the next reset or destroy.
const char *ap_rt_error(ap_rt_context *context);

/// Writes the run statistics ("ap-run-stats" JSON) to `path`, whole or not
/// at all. Returns 0 on success; otherwise sets `*error` (when not NULL) to a
/// message to free with `ap_rt_free_string` and returns nonzero.
int ap_rt_write_stats(ap_rt_context *context, const char *path, char **error);

/// Writes the Chrome trace event JSON of the run to `path`, whole or not at
/// all. Returns as `ap_rt_write_stats`.
int ap_rt_write_trace(ap_rt_context *context, const char *path, char **error);

/// The run statistics as JSON text, to free with `ap_rt_free_string`.
char *ap_rt_stats_json(ap_rt_context *context);

/// The Chrome trace event JSON of the run, to free with `ap_rt_free_string`.
char *ap_rt_trace_json(ap_rt_context *context);

/// Seconds from time 0 to the end of the last event.
double ap_rt_makespan(ap_rt_context *context);

/// Joules of the run: every dynamic energy plus each device's idle power
/// over the makespan.
double ap_rt_energy(ap_rt_context *context);

/// Sets the calibration pass (`ap_rt_calibration_pass`: 0 off, 1 moments,
/// 2 histograms) that observations go to. Entering pass 2 starts the
/// histogram of every value observed so far over the range pass 1 observed.
/// Returns 0 on success; nonzero, changing nothing, for a null context, a
/// number that is not a pass, or pass 1 once pass 2 has started (clear the
/// calibration first).
int ap_rt_set_calibration_pass(ap_rt_context *context, int pass);

/// Forgets the statistics of every observed value and turns calibration off.
void ap_rt_clear_calibration(ap_rt_context *context);

/// Writes the profile of the calibration run ("ap-profile" JSON, version 2,
/// docs/calibration.md) to `path`, whole or not at all: the statistics of
/// every observed value, and the timings of the kernels of the run since the
/// last reset (per name, device and precision: the mean simulated time per
/// launch and the number of launches). `granularity` ("op", "layer", or NULL
/// or "" when unknown) and `batches` (the number of batches the statistics
/// are over, 0 when unknown) are written as given. Fails when the run has an
/// error or when pass 2 did not count the values pass 1 counted. Returns as
/// `ap_rt_write_stats`.
int ap_rt_write_profile(ap_rt_context *context, const char *path,
                        const char *granularity, int64_t batches, char **error);

/// Frees a string returned by the runtime (NULL is ignored).
void ap_rt_free_string(char *string);

/// Calls `fn` with the name and address of every `ap_rt_` function, so that
/// a JIT driver can register them all without a hand-written list.
void ap_rt_for_each_symbol(void (*fn)(const char *name, void *address,
                                      void *user),
                           void *user);

//===----------------------------------------------------------------------===//
// Adaptive precision (drivers and embedders)
//===----------------------------------------------------------------------===//

/// The built-in precision policies (docs/adaptive-runtime.md).
typedef enum ap_rt_policy {
  /// Never switch: every switch point runs its default variant.
  AP_RT_POLICY_STATIC = 0,
  /// Raise a switch point's precision when a probe of its current variant
  /// crosses a threshold; lower it when a narrower variant has had a margin
  /// for `hold` consecutive executions.
  AP_RT_POLICY_QUALITY = 1,
  /// When power, memory or device occupancy passes its limit, lower the
  /// precision of the switch point that loses the least accuracy per unit of
  /// resource saved; raise it back when there is margin.
  AP_RT_POLICY_RESOURCE = 2,
  /// Meet a latency target per inference with the least estimated loss.
  AP_RT_POLICY_BUDGET = 3
} ap_rt_policy;

/// One metric the quality monitor holds for a switch point.
typedef struct ap_rt_metric_value {
  /// The metric (`ap_rt_metric`) and the variant precision (`ap_rt_format`)
  /// it was evaluated for.
  int32_t metric, precision;
  double value;
  /// The simulated time it was measured at.
  double time;
} ap_rt_metric_value;

/// What a policy hook sees when a switch point executes.
typedef struct ap_rt_decision_request {
  /// The switch point, as compiled code described it.
  const ap_rt_select_info *point;
  /// The variant it ran last (its default before its first execution), and
  /// the variant the built-in policy proposes now.
  int32_t current, proposed;
  /// The latest value of every metric the probes reported for the point.
  int32_t num_metrics;
  const ap_rt_metric_value *metrics;
  /// Simulated seconds now, and the index of the current inference.
  double now;
  int64_t inference;
  /// Over the resource monitor's window: watts of every device together and
  /// of the point's device, the busy fraction of the point's device, and the
  /// busiest link's busy fraction.
  double power, device_power, device_occupancy, link_utilization;
  /// The fullest memory tier of the point's device: bytes in use over its
  /// capacity, now.
  double memory_occupancy;
  /// Seconds of the last complete inference (0 before the first).
  double last_latency;
  /// The limits in force: watts (0: none), seconds per inference (0: none).
  double power_cap, latency_target;
} ap_rt_decision_request;

/// A policy written by the application: returns the variant to run, or -1
/// to accept `request->proposed`. `user` is the pointer given at
/// registration.
typedef int32_t (*ap_rt_policy_hook)(const ap_rt_decision_request *request,
                                     void *user);

/// Chooses the built-in policy (`ap_rt_policy`) of `context`; the default is
/// AP_RT_POLICY_STATIC. Returns 0, or nonzero (changing nothing) for an
/// unknown policy.
int ap_rt_set_policy(ap_rt_context *context, int policy);

/// Sets a numeric option of the policies and monitors by name (see
/// docs/adaptive-runtime.md: "min_sqnr", "max_saturation", "sqnr_margin",
/// "saturation_margin", "hold", "window", "power_cap", "occupancy_limit",
/// "device_occupancy_limit", "resource_margin", "latency_target",
/// "latency_margin"). Returns 0, or nonzero (changing nothing) for an
/// unknown name or a value out of its range; then `*error`, when not NULL,
/// is set to a message to free with `ap_rt_free_string`.
int ap_rt_set_policy_option(ap_rt_context *context, const char *name,
                            double value, char **error);

/// Registers `hook` (NULL removes it), called with `user` after the
/// built-in policy at every execution of every switch point. A hook that
/// returns a variant out of range records an error.
void ap_rt_set_policy_hook(ap_rt_context *context, ap_rt_policy_hook hook,
                           void *user);

/// Loads a scenario ("ap-scenario" JSON: link slowdowns, power caps and
/// input shifts at given times, docs/adaptive-runtime.md). It replaces the
/// previous scenario at once, resets included: events later than the
/// current simulated time apply as the run reaches them, earlier ones are in
/// force already (input shifts are the driver's to apply, as ap-run does).
/// Returns as `ap_rt_write_stats`; on error the previous scenario stays.
int ap_rt_load_scenario(ap_rt_context *context, const char *json,
                        size_t length, const char *file_name, char **error);

/// How the values of adaptive storage share a scale and a zero point.
typedef enum ap_rt_storage_granularity {
  /// One for the whole tensor.
  AP_RT_STORAGE_TENSOR = 0,
  /// One per channel of the last dimension (the transfer's `channels`).
  AP_RT_STORAGE_CHANNEL = 1
} ap_rt_storage_granularity;

/// The configuration of adaptive intermediate storage.
typedef struct ap_rt_storage_options {
  /// The number of batches (inferences) whose statistics choose the format,
  /// the current one included (>= 1).
  int32_t window;
  /// An `ap_rt_storage_granularity`.
  int32_t granularity;
  /// The signal-to-quantization-noise ratio, in dB, the chosen format must
  /// reach over the window (finite).
  double min_sqnr;
  /// The candidate formats (`ap_rt_format`, not OPAQUE; at least one), the
  /// narrowest preferred.
  const int32_t *formats;
  int32_t num_formats;
  /// The number of batches whose parameters each value's history keeps
  /// (>= 1).
  int32_t history;
} ap_rt_storage_options;

/// Turns adaptive intermediate storage on with `options`, or off with NULL
/// (the initial state). While on, the f32 data every transfer writes is
/// kept at the narrowest candidate format whose SQNR over the window reaches
/// `min_sqnr` (per transfer name, chosen at each inference from the running
/// statistics), the destination device is charged for encoding it, and the
/// buffer occupies the stored bytes (docs/adaptive-runtime.md). The setting
/// persists across resets; the statistics and histories are per run.
/// Returns as `ap_rt_set_policy_option` (an invalid option changes nothing).
int ap_rt_set_storage(ap_rt_context *context,
                      const ap_rt_storage_options *options, char **error);

/// Starts inference number `index`, arriving at simulated time `arrival`
/// (the host waits until then). The budget policy, the latencies in the
/// stats and the decisions are per inference.
void ap_rt_begin_inference(ap_rt_context *context, int64_t index,
                           double arrival);

/// Ends the current inference: the host waits for every device and link;
/// its latency is from its arrival (or the host's time at the begin, if
/// later) to then.
void ap_rt_end_inference(ap_rt_context *context);

//===----------------------------------------------------------------------===//
// Events (called by compiled code, on the current context)
//===----------------------------------------------------------------------===//

/// Defines a buffer that exists before the kernels that read it (function
/// arguments on the host, weights resident on a device), ready at the
/// current time of `device`, on its tier `memory` (-1: the last tier).
/// Redefining a live id releases the old buffer first.
void ap_rt_define(int64_t buffer, int32_t device, int32_t memory,
                  int32_t format, int64_t bytes);

/// Launches a kernel: it starts when its device is free and every buffer it
/// reads is ready, after a precision switch if needed, and runs for
/// `info->time`. Reading a buffer that lives on another device is an error.
void ap_rt_launch(const ap_rt_launch_info *info);

/// Moves a buffer: converts `info->elements` values from `source` (in the
/// source format) over the wire format into `destination` (in the
/// destination format), both contiguous in host representation (either may
/// be NULL to simulate only), and simulates the move over the route.
void ap_rt_transfer(const ap_rt_transfer_info *info, const void *source,
                    void *destination);

/// The buffer is no longer needed: its bytes stop counting when its last
/// reader has finished.
void ap_rt_release(int64_t buffer);

/// Switches the arithmetic units of `device` to `precision`.
void ap_rt_switch(int32_t device, int32_t precision);

/// The host waits for `device` (-1: every device and link).
void ap_rt_wait(int32_t device);

/// Computes a quality metric of `data` (in `info->format`) against
/// `reference` (in `info->reference_format`; may be NULL for metrics that
/// need none) and records it in the stats.
void ap_rt_probe(const ap_rt_probe_info *info, const void *data,
                 const void *reference);

/// Executes a switch point: asks the precision manager which variant to
/// run, and returns its index. When the variant's precision differs from
/// the one the device is configured for, the device switches now (charged
/// at its switch latency, recorded in the stats and the trace).
int32_t ap_rt_select(const ap_rt_select_info *info);

/// Adds `data` (`info->elements` values in `info->format`, contiguous) to
/// the calibration statistics of the value `info->name` in the current
/// calibration pass; non-finite values are skipped. Takes no simulated time.
/// When calibration is off, returns at once.
void ap_rt_observe(const ap_rt_observe_info *info, const void *data);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* AP_RUNTIME_H */
