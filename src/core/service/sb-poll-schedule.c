/* sb-poll-schedule.c: when to ask about a task, learned from past tasks
 *
 * The vendor SDK polls at 0, 1, 2, 4, 6, 8, 12, 16, 20, 25, 30 … s whatever the
 * task. This schedule learns how long tasks take (the service's own
 * submit_time/end_time of past tasks, kept across runs) and spaces polls by the
 * hazard of finishing: sparse while a task is unlikely to be done, dense near
 * the typical finish. For a poll spacing I around time t, the expected notice
 * delay costs f(t)·I²/2 and each request costs λ while the task still runs,
 * which is least at I = sqrt(2λ / hazard(t)). λ is then the smallest value
 * whose expected number of requests over the observed tasks stays below the
 * SDK's for the same tasks, so we never ask more often than the SDK would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-poll-schedule"

#include "config.h"

#include <math.h>

#include "sb-poll-schedule.h"

#define MAX_OBSERVATIONS 64
#define MIN_OBSERVATIONS 3
#define MAX_POLLS 400
#define REQUEST_BUDGET 0.98   /* of the SDK's requests over the same tasks */

struct _SbPollSchedule
{
  GObject  parent_instance;

  GArray  *observations;   /* of double, newest last */
  GArray  *polls;          /* of double: the poll times, or NULL before learning */
};

G_DEFINE_FINAL_TYPE (SbPollSchedule, sb_poll_schedule, G_TYPE_OBJECT)

/* The SDK's sleeps, after a first poll at once: 1, 1, 2, 2, 2, 4, 4, 4, then 5. */
double
sb_poll_schedule_sdk_next_poll (double elapsed)
{
  static const double sleeps[] = { 1, 1, 2, 2, 2, 4, 4, 4 };
  double t = 0;

  if (elapsed < 0)
    return 0;

  for (guint i = 0; i < G_N_ELEMENTS (sleeps); i++)
    {
      t += sleeps[i];
      if (t > elapsed)
        return t;
    }

  return t + 5 * (floor ((elapsed - t) / 5) + 1);
}

static int
compare_doubles (const double *a,
                 const double *b)
{
  return *a < *b ? -1 : *a > *b ? 1 : 0;
}

/* Kernel estimates of the finishing density and survival at t. */
static void
estimate (SbPollSchedule *self,
          double          bandwidth,
          double          t,
          double         *density,
          double         *survival)
{
  guint n = self->observations->len;
  double f = 0, s = 0;

  for (guint i = 0; i < n; i++)
    {
      double z = (t - g_array_index (self->observations, double, i)) / bandwidth;

      f += exp (-0.5 * z * z) / (bandwidth * sqrt (2 * G_PI));
      s += 0.5 * erfc (z / sqrt (2));
    }

  *density = f / n;
  *survival = s / n;
}

static GArray *
build_polls (SbPollSchedule *self,
             double          bandwidth,
             double          lambda)
{
  GArray *polls = g_array_new (FALSE, FALSE, sizeof (double));
  double t = 0;

  while (polls->len < MAX_POLLS)
    {
      double density, survival, hazard, interval;

      estimate (self, bandwidth, t + SB_POLL_MIN_INTERVAL, &density, &survival);
      hazard = density / MAX (survival, 1e-9);
      interval = hazard > 0 ? sqrt (2 * lambda / hazard) : SB_POLL_MAX_INTERVAL;
      t += CLAMP (interval, SB_POLL_MIN_INTERVAL, SB_POLL_MAX_INTERVAL);
      g_array_append_val (polls, t);

      /* Past every observed task, the spacing is the maximum from here on. */
      if (survival < 1e-6)
        break;
    }

  return polls;
}

/* How many requests until a task of this duration is noticed. */
static guint
count_requests (GArray *polls,
                double  duration)
{
  guint k;

  for (k = 0; k < polls->len; k++)
    if (g_array_index (polls, double, k) >= duration)
      return k + 1;

  return polls->len + ceil ((duration - g_array_index (polls, double, polls->len - 1)) / SB_POLL_MAX_INTERVAL);
}

static guint
count_sdk_requests (double duration)
{
  guint k = 1;   /* the SDK asks once at submission */

  for (double t = 0; t < duration; t = sb_poll_schedule_sdk_next_poll (t))
    k++;

  return k;
}

static void
relearn (SbPollSchedule *self)
{
  guint n = self->observations->len;
  double mean = 0, variance = 0, bandwidth, budget = 0;
  double low = 1e-4, high = 20;

  g_clear_pointer (&self->polls, g_array_unref);
  if (n < MIN_OBSERVATIONS)
    return;

  for (guint i = 0; i < n; i++)
    mean += g_array_index (self->observations, double, i) / n;
  for (guint i = 0; i < n; i++)
    variance += pow (g_array_index (self->observations, double, i) - mean, 2) / n;
  for (guint i = 0; i < n; i++)
    budget += count_sdk_requests (g_array_index (self->observations, double, i));
  budget *= REQUEST_BUDGET;

  /* Silverman's rule, with a floor: durations are only known to ~0.5 s. */
  bandwidth = MAX (0.5, 1.06 * sqrt (variance) * pow (n, -0.2));

  /* The smallest λ (densest polling) that stays within the budget. */
  for (guint step = 0; step < 40; step++)
    {
      double lambda = sqrt (low * high);
      g_autoptr(GArray) polls = build_polls (self, bandwidth, lambda);
      double requests = 0;

      for (guint i = 0; i < n; i++)
        requests += count_requests (polls, g_array_index (self->observations, double, i));

      if (requests <= budget)
        high = lambda;
      else
        low = lambda;
    }

  self->polls = build_polls (self, bandwidth, high);
}

static void
sb_poll_schedule_finalize (GObject *object)
{
  SbPollSchedule *self = SB_POLL_SCHEDULE (object);

  g_clear_pointer (&self->observations, g_array_unref);
  g_clear_pointer (&self->polls, g_array_unref);

  G_OBJECT_CLASS (sb_poll_schedule_parent_class)->finalize (object);
}

static void
sb_poll_schedule_class_init (SbPollScheduleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_poll_schedule_finalize;
}

static void
sb_poll_schedule_init (SbPollSchedule *self)
{
  self->observations = g_array_new (FALSE, FALSE, sizeof (double));
}

SbPollSchedule *
sb_poll_schedule_new (void)
{
  return g_object_new (SB_TYPE_POLL_SCHEDULE, NULL);
}

static void
add_observation (SbPollSchedule *self,
                 double          seconds)
{
  if (!isfinite (seconds) || seconds < 0 || seconds > 24 * 3600)
    return;

  if (self->observations->len == MAX_OBSERVATIONS)
    g_array_remove_index (self->observations, 0);
  g_array_append_val (self->observations, seconds);
}

/* Learns from one finished task: how long the service took. */
void
sb_poll_schedule_observe (SbPollSchedule *self,
                          double          seconds)
{
  g_return_if_fail (SB_IS_POLL_SCHEDULE (self));

  add_observation (self, seconds);
  relearn (self);
}

/* How long a task typically takes (the median of those seen), or
 * @fallback before any was seen; for a progress estimate. */
double
sb_poll_schedule_get_typical_duration (SbPollSchedule *self,
                                       double          fallback)
{
  g_autoptr(GArray) sorted = NULL;
  guint n;

  g_return_val_if_fail (SB_IS_POLL_SCHEDULE (self), fallback);

  n = self->observations->len;
  if (n == 0)
    return fallback;

  sorted = g_array_copy (self->observations);
  g_array_sort (sorted, (GCompareFunc) compare_doubles);
  return n % 2 == 1 ? g_array_index (sorted, double, n / 2)
                    : (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2;
}

guint
sb_poll_schedule_get_n_observations (SbPollSchedule *self)
{
  g_return_val_if_fail (SB_IS_POLL_SCHEDULE (self), 0);

  return self->observations->len;
}

/**
 * sb_poll_schedule_next_poll:
 * @elapsed: seconds since the task was created
 *
 * Returns: when to poll next, in seconds since the task was created; always
 *   later than @elapsed. Until a few tasks have been seen, the SDK's schedule.
 */
double
sb_poll_schedule_next_poll (SbPollSchedule *self,
                            double          elapsed)
{
  double last;

  g_return_val_if_fail (SB_IS_POLL_SCHEDULE (self), elapsed + SB_POLL_MAX_INTERVAL);

  if (self->polls == NULL)
    return sb_poll_schedule_sdk_next_poll (elapsed);

  for (guint i = 0; i < self->polls->len; i++)
    if (g_array_index (self->polls, double, i) > elapsed)
      return g_array_index (self->polls, double, i);

  last = g_array_index (self->polls, double, self->polls->len - 1);
  return last + SB_POLL_MAX_INTERVAL * (floor ((elapsed - last) / SB_POLL_MAX_INTERVAL) + 1);
}

/* Returns: (transfer floating) the observations, as "ad" for GSettings. */
GVariant *
sb_poll_schedule_serialize (SbPollSchedule *self)
{
  g_return_val_if_fail (SB_IS_POLL_SCHEDULE (self), NULL);

  return g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE,
                                    self->observations->data, self->observations->len,
                                    sizeof (double));
}

void
sb_poll_schedule_load (SbPollSchedule *self,
                       GVariant       *observations)
{
  const double *values;
  gsize n;

  g_return_if_fail (SB_IS_POLL_SCHEDULE (self));
  g_return_if_fail (g_variant_is_of_type (observations, G_VARIANT_TYPE ("ad")));

  values = g_variant_get_fixed_array (observations, &n, sizeof (double));
  g_array_set_size (self->observations, 0);
  /* Only the newest count: a settings value edited to millions of them
   * costs no more than the last MAX_OBSERVATIONS. */
  for (gsize i = n > MAX_OBSERVATIONS ? n - MAX_OBSERVATIONS : 0; i < n; i++)
    add_observation (self, values[i]);
  relearn (self);
}
