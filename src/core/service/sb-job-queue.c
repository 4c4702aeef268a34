/* sb-job-queue.c: runs generations within the service's limits
 *
 * Each model has its own limits per key (its engine row says them):
 * wanx-sketch-to-image-lite one task in progress, wanx2.1-imageedit two, and
 * two task submissions a second each. The queue starts a job only when its
 * model has a free place (downloads of a finished task may still run) and
 * its last creates leave room within the second; a job of one model never
 * waits for another's. Waiting jobs say why.
 * The queue is a GListModel of SbJob, in the order they were added.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-job-queue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-error.h"
#include "sb-job-private.h"
#include "sb-job-queue.h"

#define RATE_MARGIN_US (100 * 1000)

struct _SbJobQueue
{
  GObject            parent_instance;

  SbDashscopeClient *client;
  SbPollSchedule    *schedule;
  GFile             *directory;
  GPtrArray         *jobs;           /* of SbJob */
  GHashTable        *cancellables;   /* SbJob -> GCancellable, while it runs */
  GHashTable        *cancel_wanted;  /* SbJob set: cancel as soon as the task exists */
  GHashTable        *downloads;      /* SbJob -> Downloads, while its pictures come */
  GHashTable        *active;         /* SbJob set: those whose task is in progress */
  GHashTable        *models;         /* interned model name -> Model */
  guint              wake_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SbJobQueue, sb_job_queue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* What the queue knows of one model's use. */
typedef struct {
  gint64 creates[SB_MAX_CREATES_PER_SECOND];   /* oldest first; the row's number of them count */
} Model;

typedef struct {
  SbJobQueue *queue;
  SbJob      *job;
  guint       index;   /* a download's result, 1-based */
} Step;

/* A job's downloads: how many are under way, and the last failure. */
typedef struct {
  guint   pending;
  GError *error;
} Downloads;

static void
downloads_free (Downloads *downloads)
{
  g_clear_error (&downloads->error);
  g_free (downloads);
}

static void pump (SbJobQueue *self);
static void remember_create (SbJobQueue     *self,
                             const SbEngine *engine);

static Step *
step_new (SbJobQueue *queue,
          SbJob      *job)
{
  Step *step = g_new0 (Step, 1);

  step->queue = g_object_ref (queue);
  step->job = g_object_ref (job);
  return step;
}

static void
step_free (Step *step)
{
  g_object_unref (step->queue);
  g_object_unref (step->job);
  g_free (step);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Step, step_free)

static GType
sb_job_queue_get_item_type (GListModel *model)
{
  return SB_TYPE_JOB;
}

static guint
sb_job_queue_get_n_items (GListModel *model)
{
  return SB_JOB_QUEUE (model)->jobs->len;
}

static gpointer
sb_job_queue_get_item (GListModel *model,
                       guint       position)
{
  SbJobQueue *self = SB_JOB_QUEUE (model);

  if (position >= self->jobs->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->jobs, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sb_job_queue_get_item_type;
  iface->get_n_items = sb_job_queue_get_n_items;
  iface->get_item = sb_job_queue_get_item;
}

static void
finish_job (SbJobQueue   *self,
            SbJob        *job,
            const GError *error)
{
  if (error != NULL)
    sb_job_fail (job, error);
  else
    sb_job_set_state (job, SB_JOB_DONE);

  g_hash_table_remove (self->cancellables, job);
  g_hash_table_remove (self->cancel_wanted, job);
}

/* The task is no longer in progress: the next job may start. */
static void
release (SbJobQueue *self,
         SbJob      *job)
{
  if (g_hash_table_remove (self->active, job))
    pump (self);
}

static void
on_downloaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = sb_dashscope_client_download_finish (SB_DASHSCOPE_CLIENT (source), result, &error);
  SbJob *job = step->job;
  Downloads *downloads = g_hash_table_lookup (step->queue->downloads, job);
  g_autoptr(GError) last_error = NULL;

  if (file != NULL)
    sb_job_add_file (job, file);
  else
    {
      SbTaskResult *made = g_ptr_array_index (sb_task_get_results (sb_job_get_task (job)), step->index - 1);

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sb_job_add_download_failure (job, step->index, made->url, error);
      g_clear_error (&downloads->error);
      downloads->error = g_error_copy (error);
    }

  if (--downloads->pending > 0 || sb_job_state_is_final (sb_job_get_state (job)))
    return;

  last_error = g_steal_pointer (&downloads->error);
  g_hash_table_remove (step->queue->downloads, job);
  finish_job (step->queue, job, sb_job_get_files (job)->len > 0 ? NULL : last_error);
}

static void
download_results (SbJobQueue *self,
                  SbJob      *job)
{
  SbTask *task = sb_job_get_task (job);
  GPtrArray *results = sb_task_get_results (task);
  GCancellable *cancellable = g_hash_table_lookup (self->cancellables, job);
  Downloads *downloads = g_new0 (Downloads, 1);
  GFile *directory = sb_job_get_directory (job) != NULL ? sb_job_get_directory (job) : self->directory;
  SbParams *params = sb_job_get_params (job);
  const SbEngine *engine = sb_params_get_engine (params);
  g_autofree char *weight = g_strdup_printf ("%d", sb_params_get_sketch_weight (params));
  g_autofree char *software = g_strdup_printf ("Sketchbloom " PACKAGE_VERSION ", DashScope %s", engine->model);
  g_autofree char *seed = g_strdup_printf ("%" G_GINT64_FORMAT, sb_params_get_seed (params));
  g_autofree char *prompt = sb_params_get_sent_prompt (params);
  /* What made the picture travels with it: each engine's own parameters. */
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) text = NULL;

  g_strv_builder_add_many (builder, "Title", sb_params_get_prompt (params), "Software", software,
                           "sketchbloom:engine", engine->id, "sketchbloom:task_id", sb_task_get_id (task),
                           "sketchbloom:prompt_sent", prompt, NULL);
  if (sb_engine_takes (engine, SB_ENGINE_TAKES_STYLE))
    g_strv_builder_add_many (builder, "sketchbloom:style", sb_style_to_wire (sb_params_get_style (params)), NULL);
  if (sb_engine_takes (engine, SB_ENGINE_TAKES_WEIGHT))
    g_strv_builder_add_many (builder, "sketchbloom:sketch_weight", weight, NULL);
  if (sb_engine_takes (engine, SB_ENGINE_TAKES_SEED))
    g_strv_builder_add_many (builder, "sketchbloom:seed", seed, NULL);
  text = g_strv_builder_end (builder);

  g_hash_table_replace (self->downloads, g_object_ref (job), downloads);
  sb_job_set_state (job, SB_JOB_DOWNLOADING);

  /* No more than were asked for, whatever the answer lists. */
  for (guint i = 0; i < MIN (results->len, (guint) sb_params_get_count (params)); i++)
    {
      SbTaskResult *result = g_ptr_array_index (results, i);
      g_autofree char *basename = NULL;
      Step *step;

      if (result->url == NULL)
        continue;

      basename = sb_result_download_file_name (sb_task_get_id (task), i + 1);
      downloads->pending++;
      step = step_new (self, job);
      step->index = i + 1;
      sb_dashscope_client_download_async (self->client, result->url, directory, basename, (const char * const *) text,
                                          cancellable, on_downloaded, step);
    }

  if (downloads->pending == 0)
    {
      g_hash_table_remove (self->downloads, job);
      g_autoptr(GError) error = g_error_new_literal (SB_ERROR, SB_ERROR_TASK_FAILED,
                                                     _("The task succeeded but returned no images"));
      finish_job (self, job, error);
    }
}

static void
on_waited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) task_error = NULL;
  SbJob *job = step->job;

  sb_dashscope_client_wait_task_finish (SB_DASHSCOPE_CLIENT (source), result, &error);

  /* Move the job on first, then free the slot: its task is over. */
  if (sb_job_state_is_final (sb_job_get_state (job)))
    ;
  else if (error != NULL)
    finish_job (step->queue, job, error);
  else if ((task_error = sb_task_to_error (sb_job_get_task (job))) != NULL)
    finish_job (step->queue, job, task_error);
  else
    download_results (step->queue, job);

  release (step->queue, job);
}

static void
on_task_status (SbTask     *task,
                GParamSpec *pspec,
                SbJob      *job)
{
  if (sb_job_state_is_final (sb_job_get_state (job)))
    return;

  switch (sb_task_get_status (task))
    {
    case SB_TASK_STATUS_PENDING:
    case SB_TASK_STATUS_SUSPENDED:
      sb_job_set_state (job, SB_JOB_PENDING);
      break;

    case SB_TASK_STATUS_RUNNING:
      sb_job_set_state (job, SB_JOB_RUNNING);
      break;

    case SB_TASK_STATUS_SUCCEEDED:
    case SB_TASK_STATUS_FAILED:
    case SB_TASK_STATUS_UNKNOWN:
    case SB_TASK_STATUS_CANCELED:
    default:
      break;
    }
}

/* An outage while polling: the job waits on, and says why. */
static void
on_task_problem (SbTask     *task,
                 GParamSpec *pspec,
                 SbJob      *job)
{
  g_autofree char *reason = NULL;

  if (sb_job_state_is_final (sb_job_get_state (job)))
    return;

  if (sb_task_get_problem (task) != NULL)
    /* Translators: the reason is why DashScope could not be reached, e.g. a 503 */
    reason = g_strdup_printf (_("Waiting for the service: %s"), sb_task_get_problem (task));
  sb_job_set_wait_reason (job, reason);
}

static void cancel_remote (SbJobQueue *self, SbJob *job, GTask *gtask);

/* A create turned away for now (throttled, or the service unreachable) is
 * sent again after a pause: its job counts down to it. Polls say so
 * through their task's problem instead. */
static void
on_client_retrying (SbDashscopeClient *client,
                    GCancellable      *cancellable,
                    const GError      *error,
                    double             seconds,
                    SbJobQueue        *self)
{
  GHashTableIter iter;
  gpointer job, job_cancellable;

  if (cancellable == NULL)
    return;
  g_hash_table_iter_init (&iter, self->cancellables);
  while (g_hash_table_iter_next (&iter, &job, &job_cancellable))
    if (job_cancellable == cancellable && sb_job_get_state (job) == SB_JOB_SUBMITTING)
      {
        sb_job_set_retry (job, error, seconds);
        return;
      }
}

static void
wait_for_task (SbJobQueue *self,
               SbJob      *job)
{
  SbTask *task = sb_job_get_task (job);

  g_signal_connect_object (task, "notify::status", G_CALLBACK (on_task_status), job, 0);
  g_signal_connect_object (task, "notify::problem", G_CALLBACK (on_task_problem), job, 0);
  sb_dashscope_client_wait_task_async (self->client, task, sb_job_get_created_at (job), self->schedule,
                                       g_hash_table_lookup (self->cancellables, job),
                                       on_waited, step_new (self, job));
}

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTask) task = sb_dashscope_client_create_task_finish (SB_DASHSCOPE_CLIENT (source), result, &error);
  SbJobQueue *self = step->queue;
  SbJob *job = step->job;

  if (task == NULL)
    {
      finish_job (self, job, error);
      release (self, job);
      return;
    }

  /* The time first: whoever follows the task (the history) reads it. */
  sb_job_set_created_at (job, g_get_real_time ());
  sb_job_set_task (job, task);
  sb_job_set_state (job, SB_JOB_PENDING);
  wait_for_task (self, job);

  /* Cancelled while the create was on its way: cancel the task it made. */
  if (g_hash_table_contains (self->cancel_wanted, job))
    cancel_remote (self, job, NULL);
}

static void
start (SbJobQueue *self,
       SbJob      *job)
{
  GCancellable *cancellable = g_cancellable_new ();

  g_hash_table_add (self->active, g_object_ref (job));
  g_hash_table_insert (self->cancellables, g_object_ref (job), cancellable);

  /* A task that already exists (resumed after a restart): only wait for it. */
  if (sb_job_get_task (job) != NULL)
    {
      sb_job_set_state (job, SB_JOB_PENDING);
      wait_for_task (self, job);
      return;
    }

  remember_create (self, sb_params_get_engine (sb_job_get_params (job)));

  sb_job_set_state (job, SB_JOB_SUBMITTING);
  sb_dashscope_client_create_task_async (self->client, sb_job_get_params (job), sb_job_get_sketch_url (job),
                                         cancellable, on_created, step_new (self, job));
}

static gboolean
on_wake (gpointer user_data)
{
  SbJobQueue *self = user_data;

  self->wake_id = 0;
  pump (self);
  return G_SOURCE_REMOVE;
}

static Model *
get_model (SbJobQueue     *self,
           const SbEngine *engine)
{
  const char *name = g_intern_string (engine->model);
  Model *model = g_hash_table_lookup (self->models, name);

  if (model == NULL)
    {
      model = g_new0 (Model, 1);
      g_hash_table_insert (self->models, (gpointer) name, model);
    }
  return model;
}

/* The row's number of creates a second, at most what the queue keeps. */
static guint
creates_per_second (const SbEngine *engine)
{
  return CLAMP (engine->creates_per_second, 1, SB_MAX_CREATES_PER_SECOND);
}

static void
remember_create (SbJobQueue     *self,
                 const SbEngine *engine)
{
  Model *model = get_model (self, engine);
  guint n = creates_per_second (engine);
  gint64 *window = &model->creates[SB_MAX_CREATES_PER_SECOND - n];

  memmove (&window[0], &window[1], (n - 1) * sizeof window[0]);
  window[n - 1] = g_get_monotonic_time ();
}

/* Tasks of @engine's model in progress now. */
static guint
count_active (SbJobQueue     *self,
              const SbEngine *engine)
{
  GHashTableIter iter;
  gpointer job;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->active);
  while (g_hash_table_iter_next (&iter, &job, NULL))
    if (g_str_equal (sb_params_get_engine (sb_job_get_params (job))->model, engine->model))
      n++;
  return n;
}

/* Starts every queued job its model's limits allow, in order; the others
 * say why they wait. */
static void
pump (SbJobQueue *self)
{
  gint64 wake_at = 0;

  for (guint i = 0; i < self->jobs->len; i++)
    {
      SbJob *job = g_ptr_array_index (self->jobs, i);
      const SbEngine *engine = sb_params_get_engine (sb_job_get_params (job));
      Model *model;
      gint64 ready_at, now;

      if (sb_job_get_state (job) != SB_JOB_QUEUED)
        continue;

      if (count_active (self, engine) >= MAX (engine->tasks_at_once, 1))
        {
          sb_job_set_wait_reason (job, _("Waiting for the running task"));
          continue;
        }

      /* The oldest of the model's last creates must be a second ago, with
       * a margin for the requests' travel time. A resumed task needs no
       * create. */
      model = get_model (self, engine);
      now = g_get_monotonic_time ();
      ready_at = model->creates[SB_MAX_CREATES_PER_SECOND - creates_per_second (engine)];
      ready_at = ready_at != 0 ? ready_at + G_USEC_PER_SEC + RATE_MARGIN_US : 0;
      if (sb_job_get_task (job) == NULL && ready_at > now)
        {
          guint wait_ms = (ready_at - now) / 1000 + 1;
          g_autofree char *reason = g_strdup_printf (_("Rate-limited, starting in %.1f s"), wait_ms / 1000.0);

          sb_job_set_wait_reason (job, reason);
          wake_at = wake_at == 0 ? ready_at : MIN (wake_at, ready_at);
          continue;
        }

      start (self, job);
    }

  if (wake_at != 0 && self->wake_id == 0)
    self->wake_id = g_timeout_add (MAX (wake_at - g_get_monotonic_time (), 0) / 1000 + 1, on_wake, self);
}

static void
sb_job_queue_dispose (GObject *object)
{
  SbJobQueue *self = SB_JOB_QUEUE (object);
  GHashTableIter iter;
  GCancellable *cancellable;

  g_clear_handle_id (&self->wake_id, g_source_remove);
  if (self->cancellables != NULL)
    {
      g_hash_table_iter_init (&iter, self->cancellables);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &cancellable))
        g_cancellable_cancel (cancellable);
    }

  G_OBJECT_CLASS (sb_job_queue_parent_class)->dispose (object);
}

static void
sb_job_queue_finalize (GObject *object)
{
  SbJobQueue *self = SB_JOB_QUEUE (object);

  g_clear_object (&self->client);
  g_clear_object (&self->schedule);
  g_clear_object (&self->directory);
  g_clear_pointer (&self->active, g_hash_table_unref);
  g_clear_pointer (&self->models, g_hash_table_unref);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  g_clear_pointer (&self->cancellables, g_hash_table_unref);
  g_clear_pointer (&self->cancel_wanted, g_hash_table_unref);
  g_clear_pointer (&self->downloads, g_hash_table_unref);

  G_OBJECT_CLASS (sb_job_queue_parent_class)->finalize (object);
}

static void
sb_job_queue_class_init (SbJobQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_job_queue_dispose;
  object_class->finalize = sb_job_queue_finalize;
}

static void
sb_job_queue_init (SbJobQueue *self)
{
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->active = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->models = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->cancellables = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  self->cancel_wanted = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->downloads = g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify) downloads_free);
}

/**
 * sb_job_queue_new:
 * @directory: where the images are saved
 */
SbJobQueue *
sb_job_queue_new (SbDashscopeClient *client,
                  SbPollSchedule    *schedule,
                  GFile             *directory)
{
  SbJobQueue *self;

  g_return_val_if_fail (SB_IS_DASHSCOPE_CLIENT (client), NULL);
  g_return_val_if_fail (SB_IS_POLL_SCHEDULE (schedule), NULL);
  g_return_val_if_fail (G_IS_FILE (directory), NULL);

  self = g_object_new (SB_TYPE_JOB_QUEUE, NULL);
  self->client = g_object_ref (client);
  g_signal_connect_object (client, "retrying", G_CALLBACK (on_client_retrying), self, 0);
  self->schedule = g_object_ref (schedule);
  self->directory = g_object_ref (directory);

  return self;
}

/* A new key or region: what starts from now on uses @client; what is
 * under way finishes with the client it started with. */
void
sb_job_queue_set_client (SbJobQueue        *self,
                         SbDashscopeClient *client)
{
  g_return_if_fail (SB_IS_JOB_QUEUE (self));
  g_return_if_fail (SB_IS_DASHSCOPE_CLIENT (client));

  if (client == self->client)
    return;
  /* The old client's creates under way still count down on their jobs. */
  g_signal_connect_object (client, "retrying", G_CALLBACK (on_client_retrying), self, 0);
  g_set_object (&self->client, client);
}

void
sb_job_queue_add (SbJobQueue *self,
                  SbJob      *job)
{
  g_return_if_fail (SB_IS_JOB_QUEUE (self));
  g_return_if_fail (SB_IS_JOB (job));
  g_return_if_fail (sb_job_get_state (job) == SB_JOB_QUEUED);

  g_ptr_array_add (self->jobs, g_object_ref (job));
  g_list_model_items_changed (G_LIST_MODEL (self), self->jobs->len - 1, 0, 1);
  pump (self);
}

static void
on_remote_cancelled (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *gtask = user_data;
  SbJobQueue *self = g_task_get_source_object (gtask);
  SbJob *job = g_task_get_task_data (gtask);
  g_autoptr(GError) error = NULL;

  if (!sb_dashscope_client_cancel_task_finish (SB_DASHSCOPE_CLIENT (source), result, &error))
    {
      g_hash_table_remove (self->cancel_wanted, job);
      g_task_return_error (gtask, g_steal_pointer (&error));
      g_object_unref (gtask);
      return;
    }

  /* The service dropped the task: stop waiting for it. */
  if (!sb_job_state_is_final (sb_job_get_state (job)))
    {
      g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      GCancellable *cancellable = g_hash_table_lookup (self->cancellables, job);

      finish_job (self, job, cancelled);
      if (cancellable != NULL)
        g_cancellable_cancel (cancellable);
      release (self, job);
    }

  g_task_return_boolean (gtask, TRUE);
  g_object_unref (gtask);
}

static void
cancel_remote (SbJobQueue *self,
               SbJob      *job,
               GTask      *gtask)
{
  if (gtask == NULL)
    {
      gtask = g_task_new (self, NULL, NULL, NULL);
      g_task_set_task_data (gtask, g_object_ref (job), g_object_unref);
    }

  sb_dashscope_client_cancel_task_async (self->client, sb_task_get_id (sb_job_get_task (job)),
                                         NULL, on_remote_cancelled, gtask);
}

/**
 * sb_job_queue_cancel_async:
 *
 * A queued job is dropped at once; a PENDING task is cancelled at the
 * service (a job still submitting is cancelled as soon as its task exists).
 * A RUNNING task cannot be cancelled: SB_ERROR_NOT_CANCELLABLE.
 */
void
sb_job_queue_cancel_async (SbJobQueue          *self,
                           SbJob               *job,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *gtask;

  g_return_if_fail (SB_IS_JOB_QUEUE (self));
  g_return_if_fail (SB_IS_JOB (job));

  gtask = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (gtask, sb_job_queue_cancel_async);
  g_task_set_task_data (gtask, g_object_ref (job), g_object_unref);

  switch (sb_job_get_state (job))
    {
    case SB_JOB_QUEUED:
    case SB_JOB_UPLOADING:
      {
        g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                           _("Cancelled before it started"));
        finish_job (self, job, cancelled);
        g_task_return_boolean (gtask, TRUE);
        g_object_unref (gtask);
        pump (self);
      }
      break;

    case SB_JOB_SUBMITTING:
      g_hash_table_add (self->cancel_wanted, g_object_ref (job));
      g_task_return_boolean (gtask, TRUE);
      g_object_unref (gtask);
      break;

    case SB_JOB_PENDING:
      g_hash_table_add (self->cancel_wanted, g_object_ref (job));
      cancel_remote (self, job, gtask);
      break;

    case SB_JOB_RUNNING:
      g_task_return_new_error (gtask, SB_ERROR, SB_ERROR_NOT_CANCELLABLE, "%s",
                               _("The task is already running: the service does not allow cancelling it now, "
                                 "and its images will still be billed"));
      g_object_unref (gtask);
      break;

    case SB_JOB_DOWNLOADING:
    case SB_JOB_DONE:
    case SB_JOB_FAILED:
    case SB_JOB_CANCELLED:
    default:
      g_task_return_new_error (gtask, SB_ERROR, SB_ERROR_NOT_CANCELLABLE, "%s",
                               _("The task has already finished"));
      g_object_unref (gtask);
      break;
    }
}

/**
 * sb_job_queue_abandon:
 *
 * Stops following a job whose task the service will not cancel (RUNNING):
 * the task still finishes at DashScope, and is billed, but its images are
 * not fetched. The job ends CANCELLED and the next one may start.
 */
void
sb_job_queue_abandon (SbJobQueue *self,
                      SbJob      *job)
{
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GError) abandoned = NULL;

  g_return_if_fail (SB_IS_JOB_QUEUE (self));
  g_return_if_fail (SB_IS_JOB (job));

  if (sb_job_state_is_final (sb_job_get_state (job)))
    return;

  /* Held across finish_job, which drops the queue's reference. */
  cancellable = g_hash_table_lookup (self->cancellables, job);
  if (cancellable != NULL)
    g_object_ref (cancellable);

  abandoned = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   _("Abandoned: DashScope still finishes the task, but its images are not fetched"));
  finish_job (self, job, abandoned);
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
  release (self, job);
  pump (self);
}

gboolean
sb_job_queue_cancel_finish (SbJobQueue    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
