/* test-poll-schedule.c: the learned polling schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-poll-schedule.h"

static void
test_schedule_sdk_ladder (void)
{
  static const double polls[] = { 1, 2, 4, 6, 8, 12, 16, 20, 25, 30, 35 };
  double t = 0;

  for (guint i = 0; i < G_N_ELEMENTS (polls); i++)
    {
      t = sb_poll_schedule_sdk_next_poll (t);
      g_assert_cmpfloat (t, ==, polls[i]);
    }
  g_assert_cmpfloat (sb_poll_schedule_sdk_next_poll (26.5), ==, 30);
}

/* Before three tasks have been seen, it polls as the SDK does. */
static void
test_schedule_cold_start (void)
{
  g_autoptr(SbPollSchedule) schedule = sb_poll_schedule_new ();

  sb_poll_schedule_observe (schedule, 20);
  sb_poll_schedule_observe (schedule, 22);
  for (double t = 0; t < 60; t += 0.7)
    g_assert_cmpfloat (sb_poll_schedule_next_poll (schedule, t), ==, sb_poll_schedule_sdk_next_poll (t));
}

static void
test_schedule_learns (void)
{
  g_autoptr(SbPollSchedule) schedule = sb_poll_schedule_new ();
  double early = 0, near = 0, t;
  guint polls_early = 0, polls_near = 0;

  for (int i = 0; i < 20; i++)
    sb_poll_schedule_observe (schedule, 24 + (i % 5) * 0.5);   /* 24 to 26 s */
  g_assert_cmpuint (sb_poll_schedule_get_n_observations (schedule), ==, 20);

  /* Sparse while a task is surely still running, dense near 25 s, and never
   * more than two requests a second. */
  for (t = 0; t < 40; )
    {
      double next = sb_poll_schedule_next_poll (schedule, t);

      g_assert_cmpfloat (next, >, t);
      g_assert_cmpfloat (next - t, >=, SB_POLL_MIN_INTERVAL - 1e-9);
      g_assert_cmpfloat (next - t, <=, SB_POLL_MAX_INTERVAL + 1e-9);
      if (next < 15)
        polls_early++, early = next;
      else if (next >= 23 && next <= 27)
        polls_near++, near = next;
      t = next;
    }
  g_assert_cmpuint (polls_early, <=, 4);
  g_assert_cmpuint (polls_near, >=, 3);
  g_assert_cmpfloat (early, <, near);

  /* A task that runs long is still polled, at the slowest pace. */
  t = sb_poll_schedule_next_poll (schedule, 300);
  g_assert_cmpfloat (t, >, 300);
  g_assert_cmpfloat (t, <=, 300 + SB_POLL_MAX_INTERVAL);
}

static void
test_schedule_round_trip (void)
{
  g_autoptr(SbPollSchedule) schedule = sb_poll_schedule_new ();
  g_autoptr(SbPollSchedule) loaded = sb_poll_schedule_new ();
  g_autoptr(GVariant) saved = NULL;

  for (int i = 0; i < 70; i++)
    sb_poll_schedule_observe (schedule, 10 + i);
  /* Nonsense never enters the model. */
  sb_poll_schedule_observe (schedule, -1);
  sb_poll_schedule_observe (schedule, 1.0 / 0.0);
  g_assert_cmpuint (sb_poll_schedule_get_n_observations (schedule), ==, 64);

  saved = g_variant_ref_sink (sb_poll_schedule_serialize (schedule));
  g_assert_true (g_variant_is_of_type (saved, G_VARIANT_TYPE ("ad")));
  sb_poll_schedule_load (loaded, saved);
  g_assert_cmpuint (sb_poll_schedule_get_n_observations (loaded), ==, 64);
  for (double t = 0; t < 100; t += 3.3)
    g_assert_cmpfloat (sb_poll_schedule_next_poll (loaded, t), ==, sb_poll_schedule_next_poll (schedule, t));
}

/* The typical task time for a progress estimate: the median seen, or the
 * fallback before any. */
static void
test_schedule_typical_duration (void)
{
  g_autoptr(SbPollSchedule) schedule = sb_poll_schedule_new ();

  g_assert_cmpfloat (sb_poll_schedule_get_typical_duration (schedule, 15), ==, 15);
  sb_poll_schedule_observe (schedule, 30);
  sb_poll_schedule_observe (schedule, 10);
  sb_poll_schedule_observe (schedule, 12);
  g_assert_cmpfloat (sb_poll_schedule_get_typical_duration (schedule, 15), ==, 12);
  sb_poll_schedule_observe (schedule, 14);
  g_assert_cmpfloat (sb_poll_schedule_get_typical_duration (schedule, 15), ==, 13);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/poll-schedule/sdk-ladder", test_schedule_sdk_ladder);
  g_test_add_func ("/poll-schedule/cold-start", test_schedule_cold_start);
  g_test_add_func ("/poll-schedule/learns", test_schedule_learns);
  g_test_add_func ("/poll-schedule/round-trip", test_schedule_round_trip);
  g_test_add_func ("/poll-schedule/typical-duration", test_schedule_typical_duration);

  return g_test_run ();
}
