/* test-job-queue.c: the queue keeps the service's limits and can cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "sb-error.h"
#include "sb-job-queue.h"
#include "sb-json.h"
#include "sb-sim-server.h"
#include "sb-test-util.h"

#define API_KEY "sk-queue-test"

typedef struct {
  SbSimServer       *sim;
  SbDashscopeClient *client;
  SbPollSchedule    *schedule;
  SbJobQueue        *queue;
  char              *tmpdir;
  char              *log_path;
  char              *files_url;
  guint              max_in_progress;
  guint              in_progress;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  double service_seconds = data != NULL ? *(const double *) data : 0.3;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sketch = sb_test_make_sketch_png (512, 512);
  g_autoptr(GFile) out = NULL;
  g_autofree char *base_url = NULL;

  fixture->tmpdir = g_dir_make_tmp ("sketchbloom-queue-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->log_path = g_build_filename (fixture->tmpdir, "sim.log", NULL);
  out = g_file_new_build_filename (fixture->tmpdir, "out", NULL);

  fixture->sim = sb_sim_server_new (API_KEY, service_seconds);
  sb_sim_server_set_log_file (fixture->sim, fixture->log_path, &error);
  g_assert_no_error (error);
  sb_sim_server_listen (fixture->sim, 0, &error);
  g_assert_no_error (error);
  sb_sim_server_store (fixture->sim, "/files/sketch.png", sketch);
  fixture->files_url = sb_sim_server_get_files_url (fixture->sim);

  base_url = sb_sim_server_get_base_url (fixture->sim);
  fixture->client = sb_dashscope_client_new (base_url, API_KEY, NULL, &error);
  g_assert_no_error (error);
  fixture->schedule = sb_poll_schedule_new ();
  for (int i = 0; i < 5; i++)
    sb_poll_schedule_observe (fixture->schedule, service_seconds);
  fixture->queue = sb_job_queue_new (fixture->client, fixture->schedule, out);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GFile) tmpdir = g_file_new_for_path (fixture->tmpdir);

  g_clear_object (&fixture->queue);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->schedule);
  g_clear_object (&fixture->sim);
  sb_test_remove_tree (tmpdir);
  g_free (fixture->tmpdir);
  g_free (fixture->log_path);
  g_free (fixture->files_url);
}

static void
on_state (SbJob      *job,
          GParamSpec *pspec,
          Fixture    *fixture)
{
  guint in_progress = 0;

  g_test_message ("job %p: state %d", job, sb_job_get_state (job));

  /* Count jobs whose task exists at the service and is not finished. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->queue)); i++)
    {
      g_autoptr(SbJob) other = g_list_model_get_item (G_LIST_MODEL (fixture->queue), i);
      SbJobState state = sb_job_get_state (other);

      in_progress += state == SB_JOB_SUBMITTING || state == SB_JOB_PENDING || state == SB_JOB_RUNNING;
    }
  fixture->in_progress = in_progress;
  fixture->max_in_progress = MAX (fixture->max_in_progress, in_progress);
}

static SbJob *
add_job (Fixture    *fixture,
         const char *sketch_name,
         int         count)
{
  g_autoptr(SbParams) params = sb_params_new ();
  g_autofree char *url = g_strconcat (fixture->files_url, sketch_name, NULL);
  SbJob *job;

  sb_params_set_prompt (params, "a house on a hill");
  sb_params_set_count (params, count);
  job = sb_job_new (params, url);
  g_signal_connect (job, "notify::state", G_CALLBACK (on_state), fixture);
  sb_job_queue_add (fixture->queue, job);

  return job;
}

static void
run_until_final (SbJob **jobs,
                 guint   n_jobs)
{
  gboolean all_final = FALSE;

  while (!all_final)
    {
      g_main_context_iteration (NULL, TRUE);
      all_final = TRUE;
      for (guint i = 0; i < n_jobs; i++)
        all_final &= sb_job_state_is_final (sb_job_get_state (jobs[i]));
    }
}

static GArray *
create_times (Fixture *fixture)
{
  g_autoptr(GPtrArray) entries = sb_test_read_log (fixture->log_path);
  GArray *times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *entry = json_node_get_object (g_ptr_array_index (entries, i));
      JsonNode *t = json_object_get_member (entry, "t");
      double value = json_node_get_double (t);

      g_assert_cmpint (json_object_get_int_member (entry, "status"), !=, 429);
      if (g_str_equal (sb_json_get_string (entry, "method"), "POST") &&
          g_str_has_suffix (sb_json_get_string (entry, "path"), "/image-synthesis"))
        g_array_append_val (times, value);
    }

  return times;
}

/* Three jobs at once: one task at a time, every image saved, never a 429. */
static void
test_queue_runs_one_at_a_time (Fixture       *fixture,
                               gconstpointer  data)
{
  SbJob *jobs[3];

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    jobs[i] = add_job (fixture, "sketch.png", 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->queue)), ==, 3);
  g_assert_cmpint (sb_job_get_state (jobs[0]), ==, SB_JOB_SUBMITTING);
  g_assert_cmpint (sb_job_get_state (jobs[1]), ==, SB_JOB_QUEUED);
  g_assert_cmpstr (sb_job_get_wait_reason (jobs[2]), ==, "Waiting for the running task");

  run_until_final (jobs, G_N_ELEMENTS (jobs));

  g_assert_cmpuint (fixture->max_in_progress, ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_assert_cmpint (sb_job_get_state (jobs[i]), ==, SB_JOB_DONE);
      g_assert_cmpuint (sb_job_get_files (jobs[i])->len, ==, 2);
      g_assert_null (sb_job_get_error (jobs[i]));
      g_assert_null (sb_job_get_wait_reason (jobs[i]));
      g_object_unref (jobs[i]);
    }
  g_array_unref (create_times (fixture));   /* asserts no 429 */
}

static void
on_wait_reason (SbJob      *job,
                GParamSpec *pspec,
                GPtrArray  *reasons)
{
  if (sb_job_get_wait_reason (job) != NULL)
    g_ptr_array_add (reasons, g_strdup (sb_job_get_wait_reason (job)));
}

/* Throttled at create: the job says the service is busy and counts down
 * to the next try (it sat at "Submitting" for 30–40 s), then goes on; one
 * task only is made. */
static void
test_queue_throttled_countdown (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func (g_free);
  SbJob *job;
  gboolean counted = FALSE;

  sb_sim_server_add_fault (fixture->sim, "throttle-create=2", &error);
  g_assert_no_error (error);
  job = add_job (fixture, "sketch.png", 1);
  g_signal_connect (job, "notify::wait-reason", G_CALLBACK (on_wait_reason), reasons);
  run_until_final (&job, 1);

  for (guint i = 0; i < reasons->len; i++)
    {
      guint seconds;

      g_test_message ("said: %s", (char *) reasons->pdata[i]);
      if (sscanf (reasons->pdata[i], "The service is busy — trying again in %u s", &seconds) == 1)
        counted = TRUE;
    }
  g_assert_true (counted);
  g_assert_cmpint (sb_job_get_state (job), ==, SB_JOB_DONE);
  g_assert_null (sb_job_get_wait_reason (job));
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 1);
  g_object_unref (job);
}

/* Jobs that fail at once would be created back to back: the queue spaces
 * them so no second holds more than two creates. */
static void
test_queue_rate_limit (Fixture       *fixture,
                       gconstpointer  data)
{
  SbJob *jobs[5];
  g_autoptr(GArray) times = NULL;
  gboolean said_why = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    jobs[i] = add_job (fixture, "missing.png", 1);

  while (!sb_job_state_is_final (sb_job_get_state (jobs[4])))
    {
      g_main_context_iteration (NULL, TRUE);
      for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
        said_why |= g_str_has_prefix (sb_job_get_wait_reason (jobs[i]) ? sb_job_get_wait_reason (jobs[i]) : "", "Rate-limited");
    }
  run_until_final (jobs, G_N_ELEMENTS (jobs));

  g_assert_true (said_why);
  times = create_times (fixture);
  g_assert_cmpuint (times->len, ==, 5);
  for (guint i = 0; i + 2 < times->len; i++)
    g_assert_cmpfloat (g_array_index (times, double, i + 2) - g_array_index (times, double, i), >=, 0.99);

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_assert_cmpint (sb_job_get_state (jobs[i]), ==, SB_JOB_FAILED);
      g_assert_error ((GError *) sb_job_get_error (jobs[i]), SB_ERROR, SB_ERROR_INVALID_URL);
      g_object_unref (jobs[i]);
    }
}

static gboolean
cancel (Fixture  *fixture,
        SbJob    *job,
        GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sb_job_queue_cancel_async (fixture->queue, job, NULL, sb_test_store_result, &result);
  return sb_job_queue_cancel_finish (fixture->queue, sb_test_wait_for (&result), error);
}

/* A queued job is never sent; a PENDING one is cancelled at the service;
 * a RUNNING one cannot be, and the caller is told so. */
static void
test_queue_cancel (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SbJob) first = add_job (fixture, "sketch.png", 1);
  g_autoptr(SbJob) second = add_job (fixture, "sketch.png", 1);
  g_autoptr(SbJob) third = add_job (fixture, "sketch.png", 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (cancel (fixture, second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sb_job_get_state (second), ==, SB_JOB_CANCELLED);

  while (sb_job_get_state (first) != SB_JOB_PENDING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cancel (fixture, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sb_job_get_state (first), ==, SB_JOB_CANCELLED);

  /* The third starts once the first is gone. Once the service has started
   * it (after 0.6 s of 3 s), it cannot be cancelled, whether the queue has
   * seen RUNNING yet or asks the service and is refused. */
  while (sb_job_get_state (third) != SB_JOB_PENDING)
    g_main_context_iteration (NULL, TRUE);
  {
    gint64 started = g_get_monotonic_time ();

    while (g_get_monotonic_time () - started < G_USEC_PER_SEC)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (10000);
      }
  }
  g_assert_false (cancel (fixture, third, &error));
  g_assert_error (error, SB_ERROR, SB_ERROR_NOT_CANCELLABLE);

  run_until_final (&third, 1);
  g_assert_cmpint (sb_job_get_state (third), ==, SB_JOB_DONE);
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 2);
  g_assert_cmpuint (sb_sim_server_count_requests (fixture->sim, "POST", "/api/v1/services/"), ==, 2);
}

/* A RUNNING task can only be abandoned: the job ends at once, nothing of
 * it is fetched, and the next job still runs to the end. */
static void
test_queue_abandon (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SbJob) first = add_job (fixture, "sketch.png", 1);
  g_autoptr(SbJob) second = NULL;

  g_autoptr(GError) error = NULL;
  gint64 started;

  /* Started at the service (after 0.6 s of 3 s): cancelling is refused. */
  while (sb_job_get_state (first) != SB_JOB_PENDING)
    g_main_context_iteration (NULL, TRUE);
  started = g_get_monotonic_time ();
  while (g_get_monotonic_time () - started < G_USEC_PER_SEC)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_false (cancel (fixture, first, &error));
  g_assert_error (error, SB_ERROR, SB_ERROR_NOT_CANCELLABLE);

  sb_job_queue_abandon (fixture->queue, first);
  g_assert_cmpint (sb_job_get_state (first), ==, SB_JOB_CANCELLED);
  g_assert_error ((GError *) sb_job_get_error (first), G_IO_ERROR, G_IO_ERROR_CANCELLED);

  second = add_job (fixture, "sketch.png", 1);
  run_until_final (&second, 1);
  g_assert_cmpint (sb_job_get_state (second), ==, SB_JOB_DONE);
  g_assert_cmpuint (sb_job_get_files (second)->len, ==, 1);
  g_assert_cmpuint (sb_job_get_files (first)->len, ==, 0);
  g_assert_cmpint (sb_job_get_state (first), ==, SB_JOB_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  static const double slow = 3.0;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/queue/one-at-a-time", Fixture, NULL, fixture_set_up, test_queue_runs_one_at_a_time, fixture_tear_down);
  g_test_add ("/queue/rate-limit", Fixture, NULL, fixture_set_up, test_queue_rate_limit, fixture_tear_down);
  g_test_add ("/queue/throttled-countdown", Fixture, NULL, fixture_set_up, test_queue_throttled_countdown,
              fixture_tear_down);
  g_test_add ("/queue/cancel", Fixture, &slow, fixture_set_up, test_queue_cancel, fixture_tear_down);
  g_test_add ("/queue/abandon", Fixture, &slow, fixture_set_up, test_queue_abandon, fixture_tear_down);

  return g_test_run ();
}
