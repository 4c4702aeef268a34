/* bench-poll.c: our polling schedule against the vendor SDK's, in virtual time
 *
 * A task of duration D is noticed at the first poll at or after D; its notice
 * delay is that poll's time minus D, and its cost is the number of polls up to
 * it (the SDK also polls once at submission). Each scenario first lets the
 * schedule learn from 64 earlier tasks (as it would across runs), then replays
 * 20,000 fresh tasks from the same distribution through both schedules.
 *
 *   typical: durations around the ~25 s the vendor's examples show
 *            (log-normal, median 25 s, σ 0.25), kept within 8–60 s
 *   uniform: every duration from 8 to 60 s equally likely: nothing to learn
 *            but the range, the hardest case for any schedule
 *
 * Prints one "BENCH name value" line per figure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sb-poll-schedule.h"

#define TRAINING 64
#define TRIALS 20000

typedef double (*DrawFunc) (GRand *rand);

static double
draw_typical (GRand *rand)
{
  double u1 = g_rand_double (rand), u2 = g_rand_double (rand);
  double normal = sqrt (-2 * log (MAX (u1, 1e-12))) * cos (2 * G_PI * u2);

  return CLAMP (25 * exp (0.25 * normal), 8, 60);
}

static double
draw_uniform (GRand *rand)
{
  return g_rand_double_range (rand, 8, 60);
}

typedef struct {
  double delay;
  double requests;
} Figures;

static void
replay (SbPollSchedule *schedule,
        double          duration,
        Figures        *ours,
        Figures        *sdk)
{
  double t;
  guint n;

  /* Ours: no poll at submission. */
  for (t = 0, n = 0; t < duration; n++)
    {
      double next = sb_poll_schedule_next_poll (schedule, t);

      g_assert_cmpfloat (next - t, >=, SB_POLL_MIN_INTERVAL - 1e-9);
      t = next;
    }
  ours->delay += t - duration;
  ours->requests += n;

  /* The SDK: once at submission, then its ladder. */
  for (t = 0, n = 1; t < duration; n++)
    t = sb_poll_schedule_sdk_next_poll (t);
  sdk->delay += t - duration;
  sdk->requests += n;
}

static void
run_scenario (const char *name,
              DrawFunc    draw,
              guint32     seed)
{
  g_autoptr(SbPollSchedule) schedule = sb_poll_schedule_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Figures ours = { 0 }, sdk = { 0 };

  for (guint i = 0; i < TRAINING; i++)
    sb_poll_schedule_observe (schedule, draw (rand));

  for (guint i = 0; i < TRIALS; i++)
    replay (schedule, draw (rand), &ours, &sdk);

  g_print ("BENCH poll.%snotice_s.sdk %.3f\n", name, sdk.delay / TRIALS);
  g_print ("BENCH poll.%snotice_s.ours %.3f\n", name, ours.delay / TRIALS);
  g_print ("BENCH poll.%srequests.sdk %.2f\n", name, sdk.requests / TRIALS);
  g_print ("BENCH poll.%srequests.ours %.2f\n", name, ours.requests / TRIALS);
}

int
main (void)
{
  run_scenario ("", draw_typical, 1);
  run_scenario ("uniform.", draw_uniform, 2);

  return 0;
}
