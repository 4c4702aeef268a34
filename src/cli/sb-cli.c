/* sb-cli.c: sketchbloom-cli's commands
 *
 * A thin shell over SbGenerator, the same object the app runs: each command
 * asks it something, follows the jobs it gets, and copies their pictures
 * to -o. stdout carries results only (saved paths, task ids, status);
 * progress and errors go to stderr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sketchbloom-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <stdlib.h>
#include <unistd.h>

#include "sb-bounded-file.h"
#include "sb-cli.h"
#include "sb-enums.h"
#include "sb-error.h"
#include "sb-limits.h"

struct _SbCliCommand {
  const char   *name;
  const char   *summary;        /* N_() */
  SbCliArguments arguments;
  gboolean      saves;          /* writes pictures to -o */
  void        (*start) (SbCli *cli);
  const SbEngine *engine;       /* a picture command's */
};

typedef SbCli Cli;

static gboolean
quit_when_saved (gpointer user_data)
{
  Cli *cli = user_data;

  /* The history's and the ledger's last word reach the disk before the
   * process ends. */
  if (sb_generator_get_busy (cli->generator))
    return G_SOURCE_CONTINUE;

  g_main_loop_quit (cli->loop);
  return G_SOURCE_REMOVE;
}

static void
finish (Cli *cli,
        int  status)
{
  if (cli->interrupted)   /* already on the way out, with 130 or 143 */
    return;
  cli->status = status;
  g_timeout_add (10, quit_when_saved, cli);
}

/* What went wrong, with the service's code and request_id, then what to do. */
static void
print_error (const GError *error)
{
  g_autofree char *details = sb_error_format_details (error);

  g_printerr ("sketchbloom-cli: error: %s\n", details);
  if (sb_error_get_advice (error) != NULL)
    g_printerr ("sketchbloom-cli: %s\n", sb_error_get_advice (error));
}

static void
fail (Cli          *cli,
      const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr ("sketchbloom-cli: %s\n", _("cancelled"));
      finish (cli, 130);
      return;
    }

  print_error (error);
  finish (cli, g_error_matches (error, SB_ERROR, SB_ERROR_INVALID_INPUT) ||
               sb_error_is_missing_key (error) ||
               g_error_matches (error, SB_ERROR, SB_ERROR_INSECURE_URL) ? EXIT_USAGE : EXIT_SERVICE);
}

/* Following jobs: each one's pictures are copied to -o when it is done. */

/* Every image the service did not make, and every one it made that could not
 * be saved (the history keeps those for resume): never silent, exit 1. */
static void
report_failed_images (Cli   *cli,
                      SbJob *job)
{
  SbTask *task = sb_job_get_task (job);
  GPtrArray *results = task != NULL ? sb_task_get_results (task) : NULL;
  GPtrArray *failures = sb_job_get_download_failures (job);

  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      SbTaskResult *result = g_ptr_array_index (results, i);

      if (result->url == NULL)
        g_printerr (_("image %u failed: %s: %s\n"), i + 1, result->code,
                    result->message != NULL ? result->message : "");
    }
  for (guint i = 0; i < failures->len; i++)
    {
      SbDownloadFailure *failure = g_ptr_array_index (failures, i);

      g_printerr (_("image %u was made but not saved: %s\n"), failure->index, failure->error->message);
      cli->status = EXIT_SERVICE;
    }
  if (failures->len > 0)
    g_printerr ("sketchbloom-cli: %s\n", _("run “sketchbloom-cli resume” to fetch the rest while DashScope keeps them (24 hours)"));
}

static void
jobs_done (Cli *cli)
{
  if (cli->copies > 0)
    return;

  for (guint i = 0; i < cli->jobs->len; i++)
    if (!sb_job_state_is_final (sb_job_get_state (g_ptr_array_index (cli->jobs, i))))
      return;

  finish (cli, cli->saved > 0 || cli->status == EXIT_SUCCESS ? cli->status : EXIT_SERVICE);
}

typedef struct {
  Cli   *cli;
  GFile *destination;
} Copy;

static void
on_copied (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Copy *copy = user_data;
  Cli *cli = copy->cli;
  g_autoptr(GFile) destination = copy->destination;
  g_autoptr(GError) error = NULL;
  gboolean moved = g_async_result_is_tagged (result, g_file_move_async);

  g_free (copy);
  if (moved ? g_file_move_finish (G_FILE (source), result, &error) : g_file_copy_finish (G_FILE (source), result, &error))
    {
      g_autofree char *path = g_file_get_path (destination);

      g_print ("%s\n", path);
      cli->saved++;
    }
  else
    print_error (error);

  cli->copies--;
  jobs_done (cli);
}

/* The images are in the history; a copy goes where the user asked. A task
 * followed by its id is in no history: its pictures move. */
static void
deliver (Cli   *cli,
         SbJob *job)
{
  GPtrArray *files = sb_job_get_files (job);
  gboolean move = cli->command->arguments == SB_CLI_TAKES_TASK_ID;

  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autofree char *name = g_file_get_basename (file);
      Copy *copy = g_new0 (Copy, 1);

      copy->cli = cli;
      copy->destination = g_file_get_child (cli->output_dir, name);
      cli->copies++;
      if (move)
        g_file_move_async (file, copy->destination, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT, cli->cancellable,
                           NULL, NULL, on_copied, copy);
      else
        g_file_copy_async (file, copy->destination, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT, cli->cancellable,
                           NULL, NULL, on_copied, copy);
    }
}

static void
on_job_state (SbJob      *job,
              GParamSpec *pspec,
              Cli        *cli)
{
  SbJobState state = sb_job_get_state (job);
  const GError *error = sb_job_get_error (job);

  if (cli->progress)
    {
      g_autoptr(GEnumClass) states = g_type_class_ref (SB_TYPE_JOB_STATE);

      g_printerr (_("Task %s: %s after %.0f s\n"),
                  sb_job_get_task (job) != NULL ? sb_task_get_id (sb_job_get_task (job)) : "-",
                  g_enum_get_value (states, state)->value_nick,
                  (g_get_real_time () - cli->started) / (double) G_USEC_PER_SEC);
    }

  /* submit: done once the task exists (and the history knows its id). */
  if (!cli->command->saves && sb_job_get_task (job) != NULL && state == SB_JOB_PENDING)
    {
      g_print ("%s\n", sb_task_get_id (sb_job_get_task (job)));
      finish (cli, EXIT_SUCCESS);
      return;
    }

  if (!sb_job_state_is_final (state))
    return;

  report_failed_images (cli, job);
  if (state == SB_JOB_DONE)
    deliver (cli, job);
  else if (sb_job_get_task (job) != NULL && sb_task_get_status (sb_job_get_task (job)) == SB_TASK_STATUS_SUCCEEDED)
    {
      /* Made but not fetched (expired, not an image): nothing saved. */
      print_error (error);
      g_printerr ("sketchbloom-cli: error: %s\n", _("no image could be saved"));
      cli->status = EXIT_SERVICE;
    }
  else if (error != NULL && cli->command->arguments == SB_CLI_TAKES_NOTHING &&
           !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* resume carries on with the others; all failures are reported. */
      print_error (error);
      cli->status = EXIT_SERVICE;
    }
  else if (error != NULL)
    {
      fail (cli, error);
      return;
    }

  jobs_done (cli);
}

/* An outage while the task runs: said once per reason, and waited out. */
static void
on_wait_reason (SbJob      *job,
                GParamSpec *pspec,
                Cli        *cli)
{
  SbJobState state = sb_job_get_state (job);

  /* Only a started task's wait: a queued one's turn comes on its own. */
  if ((state != SB_JOB_PENDING && state != SB_JOB_RUNNING) || sb_job_get_wait_reason (job) == NULL)
    return;

  g_printerr ("sketchbloom-cli: %s\n", sb_job_get_wait_reason (job));
  g_printerr ("sketchbloom-cli: %s\n", _("still waiting: the task goes on at DashScope (Ctrl+C stops here; “sketchbloom-cli resume” carries on)"));
}

static void
follow_job (Cli   *cli,
            SbJob *job)
{
  g_ptr_array_add (cli->jobs, g_object_ref (job));
  g_signal_connect (job, "notify::state", G_CALLBACK (on_job_state), cli);
  g_signal_connect (job, "notify::wait-reason", G_CALLBACK (on_wait_reason), cli);
}

/* The commands. */

static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = sb_generator_submit_finish (SB_GENERATOR (source), result, &error);

  if (jobs == NULL)
    {
      fail (cli, error);
      return;
    }
  for (guint i = 0; i < jobs->len; i++)
    {
      SbParams *params = sb_job_get_params (g_ptr_array_index (jobs, i));

      /* The seed the generator chose, so the picture can be made again. */
      if (sb_engine_takes (sb_params_get_engine (params), SB_ENGINE_TAKES_SEED))
        {
          g_autofree char *seed = g_strdup_printf ("%" G_GINT64_FORMAT, sb_params_get_seed (params));

          /* Translators: the seed twice */
          g_printerr (_("seed %s (--seed %s makes it again)\n"), seed, seed);
        }
      follow_job (cli, g_ptr_array_index (jobs, i));
    }
}

static void
on_sketch_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sketch = sb_bounded_file_read_finish (result, &error);

  if (sketch == NULL)
    {
      g_printerr ("sketchbloom-cli: %s\n", error->message);
      finish (cli, EXIT_USAGE);
      return;
    }

  sb_generator_submit_async (cli->generator, cli->params, sketch, NULL, SB_SWEEP_NONE,
                             cli->cancellable, on_submitted, cli);
}

/* generate and submit: recorded in the app's history before the create goes
 * out, so the gallery shows it and `resume` can finish it. */
static void
start_generation (Cli *cli)
{
  if (cli->sketch_file != NULL)
    sb_bounded_file_read_async (cli->sketch_file, SB_SKETCH_MAX_BYTES, cli->cancellable, on_sketch_loaded, cli);
  else
    sb_generator_submit_async (cli->generator, cli->params, NULL, cli->sketch_url, SB_SWEEP_NONE,
                               cli->cancellable, on_submitted, cli);
}

static void
on_followed (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbJob) job = sb_generator_job_finish (SB_GENERATOR (source), result, &error);

  if (job == NULL)
    fail (cli, error);
  else
    follow_job (cli, job);
}

static void
start_wait (Cli *cli)
{
  sb_generator_follow_async (cli->generator, cli->task_id, cli->cancellable, on_followed, cli);
}

static void
on_queried (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTask) task = sb_generator_query_finish (SB_GENERATOR (source), result, &error);
  g_autofree char *text = NULL;

  if (task == NULL)
    {
      fail (cli, error);
      return;
    }

  text = cli->json ? sb_task_to_json (task) : sb_task_to_text (task);
  g_print (cli->json ? "%s\n" : "%s", text);
  /* DashScope does not know it (never made, or older than 24 hours): say
   * so, as wait does, and not with success. */
  g_clear_error (&error);
  error = sb_task_get_status (task) == SB_TASK_STATUS_UNKNOWN ? sb_task_to_error (task) : NULL;
  if (error != NULL)
    fail (cli, error);
  else
    finish (cli, EXIT_SUCCESS);
}

static void
start_status (Cli *cli)
{
  sb_generator_query_async (cli->generator, cli->task_id, cli->cancellable, on_queried, cli);
}

static void
on_cancelled_task (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;

  if (!sb_generator_cancel_task_finish (SB_GENERATOR (source), result, &error))
    {
      fail (cli, error);
      return;
    }

  g_print (_("%s cancelled\n"), cli->task_id);
  finish (cli, EXIT_SUCCESS);
}

static void
start_cancel (Cli *cli)
{
  sb_generator_cancel_task_async (cli->generator, cli->task_id, cli->cancellable, on_cancelled_task, cli);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;
  GListModel *active = sb_generator_get_active_jobs (cli->generator);
  guint resumed = 0;

  if (!sb_generator_load_finish (cli->generator, result, &resumed, &error))
    {
      fail (cli, error);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (active); i++)
    {
      g_autoptr(SbJob) job = g_list_model_get_item (active, i);

      follow_job (cli, job);
    }

  if (resumed == 0)
    {
      g_printerr ("sketchbloom-cli: %s\n", _("nothing to resume"));
      finish (cli, EXIT_SUCCESS);
    }
}

/* The picture commands: an edit of the picture (under its row in the
 * gallery when it is one of the history's), sent inline. */
static void
start_edit (Cli *cli)
{
  sb_generator_edit_async (cli->generator, cli->params, cli->sketch_file, NULL, SB_SWEEP_NONE, cli->cancellable, on_submitted, cli);
}

static void
start_resume (Cli *cli)
{
  sb_generator_load_async (cli->generator, cli->cancellable, on_loaded, cli);
}

static const SbCliCommand commands[] = {
  { "generate", N_("make pictures from a sketch, wait, and save them"), SB_CLI_TAKES_GENERATION, TRUE, start_generation },
  { "submit", N_("create the task and print its id"), SB_CLI_TAKES_GENERATION, FALSE, start_generation },
  { "wait", N_("wait for a task and save its pictures"), SB_CLI_TAKES_TASK_ID, TRUE, start_wait },
  { "status", N_("show a task’s state and results"), SB_CLI_TAKES_TASK_ID, FALSE, start_status },
  { "cancel", N_("cancel a task that has not started"), SB_CLI_TAKES_TASK_ID, FALSE, start_cancel },
  { "resume", N_("finish what an interrupted run left (from the history)"), SB_CLI_TAKES_NOTHING, TRUE, start_resume },
  { "enlarge", N_("make a picture 2 to 4 times larger (--factor), for print, and save it"), SB_CLI_TAKES_PICTURE, TRUE,
    start_edit, &sb_engine_enlarge },
  { "edit", N_("repaint the region of a picture a mask paints white (--mask, --prompt)"), SB_CLI_TAKES_PICTURE, TRUE,
    start_edit, &sb_engine_repaint },
  { "extend", N_("extend a picture’s frame (--top, --bottom, --left, --right: 1.0 to 2.0)"), SB_CLI_TAKES_PICTURE,
    TRUE, start_edit, &sb_engine_extend },
  { "colorize", N_("colour a black-and-white drawing (--prompt: the colours)"), SB_CLI_TAKES_PICTURE, TRUE, start_edit,
    &sb_engine_colorize },
  { "change", N_("change a picture as --prompt says (--strength: 0 a little to 1 a lot)"), SB_CLI_TAKES_PICTURE, TRUE,
    start_edit, &sb_engine_change },
};

/* SIGINT or SIGTERM: stop at once, but leave every task as the history
 * says it stands (not cancelled at DashScope), so `resume` picks it up.
 * Writes are atomic: whatever was half-done leaves no half file. A second
 * signal does not wait for the history's last write. */
static void
interrupt (Cli *cli,
           int  status)
{
  if (cli->interrupted)
    exit (status);

  g_cancellable_cancel (cli->cancellable);
  finish (cli, status);
  cli->interrupted = TRUE;
  if (cli->jobs->len > 0)
    g_printerr ("sketchbloom-cli: %s\n",
                _("interrupted; “sketchbloom-cli resume” finishes what was started, within 24 hours"));
}

static gboolean
on_sigint (gpointer user_data)
{
  interrupt (user_data, 128 + SIGINT);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_sigterm (gpointer user_data)
{
  interrupt (user_data, 128 + SIGTERM);
  return G_SOURCE_CONTINUE;
}

/* An entry could not be written (a full disk): the old one is still whole,
 * but the run did not go as it should. */
static void
on_save_failed (SbGenerator  *generator,
                const GError *error,
                Cli          *cli)
{
  print_error (error);
  if (!cli->interrupted)
    cli->status = EXIT_SERVICE;
}

/* The command called @name, or NULL. */
const SbCliCommand *
sb_cli_find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

/* A picture command's engine; NULL for the others. */
const SbEngine *
sb_cli_command_get_engine (const SbCliCommand *command)
{
  return command->engine;
}

SbCliArguments
sb_cli_command_get_arguments (const SbCliCommand *command)
{
  return command->arguments;
}

gboolean
sb_cli_command_saves (const SbCliCommand *command)
{
  return command->saves;
}

/* "  generate  make pictures…", one line each, for --help. */
void
sb_cli_describe_commands (GString *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "\n  %-9s %s", commands[i].name, _(commands[i].summary));
}

void
sb_cli_clear (SbCli *cli)
{
  g_clear_object (&cli->generator);
  g_clear_object (&cli->params);
  g_clear_object (&cli->sketch_file);
  g_clear_object (&cli->output_dir);
  g_clear_object (&cli->cancellable);
  g_clear_pointer (&cli->jobs, g_ptr_array_unref);
  g_clear_pointer (&cli->loop, g_main_loop_unref);
  g_clear_pointer (&cli->sketch_url, g_free);
  g_clear_pointer (&cli->task_id, g_free);
}

/* Runs cli->command until it is done, or a signal ends it; returns the
 * exit status. */
int
sb_cli_run (SbCli *cli)
{
  g_autoptr(GFile) data_directory = sb_environment_get_data_directory ();
  g_autoptr(GSettings) settings = sb_environment_get_settings ();

  cli->loop = g_main_loop_new (NULL, FALSE);
  cli->cancellable = g_cancellable_new ();
  cli->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  cli->progress = isatty (STDERR_FILENO);
  cli->started = g_get_real_time ();
  /* The app's own history: what the CLI makes shows in the gallery too. */
  cli->generator = sb_generator_new (settings, data_directory);
  sb_generator_set_overrides (cli->generator, &cli->upload);
  g_signal_connect (cli->generator, "failed", G_CALLBACK (on_save_failed), cli);

  g_unix_signal_add (SIGINT, on_sigint, cli);
  g_unix_signal_add (SIGTERM, on_sigterm, cli);

  cli->command->start (cli);
  g_main_loop_run (cli->loop);

  /* The learned durations reach disk before we exit. */
  if (settings != NULL)
    g_settings_sync ();

  return cli->status;
}
