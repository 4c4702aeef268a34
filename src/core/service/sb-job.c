/* sb-job.c: one generation, from sketch URL to saved images
 *
 * A job is a state machine, QUEUED → (UPLOADING) → SUBMITTING → PENDING →
 * RUNNING → DOWNLOADING → DONE | FAILED | CANCELLED, driven by SbJobQueue.
 * Its state is a property: the UI only observes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-enums.h"
#include "sb-error.h"
#include "sb-job-private.h"

struct _SbJob
{
  GObject     parent_instance;

  SbParams   *params;
  char       *sketch_url;
  SbTask     *task;
  GError     *error;
  char       *wait_reason;
  char       *retry_what;  /* why a request is asked again, while it waits */
  gint64      retry_at;    /* g_get_monotonic_time() when it is asked again */
  guint       retry_id;    /* the countdown's tick */
  GPtrArray  *files;       /* of GFile */
  GPtrArray  *download_failures;   /* of SbDownloadFailure */
  GFile      *directory;   /* where its images go, or NULL for the queue's */
  gint64      created_at;  /* g_get_real_time() when its task was created */
  SbJobState  state;
};

G_DEFINE_FINAL_TYPE (SbJob, sb_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_TASK,
  PROP_WAIT_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
sb_job_state_is_final (SbJobState state)
{
  return state == SB_JOB_DONE || state == SB_JOB_FAILED || state == SB_JOB_CANCELLED;
}

static void
download_failure_free (gpointer data)
{
  SbDownloadFailure *failure = data;

  g_free (failure->url);
  g_error_free (failure->error);
  g_free (failure);
}

static void
sb_job_finalize (GObject *object)
{
  SbJob *self = SB_JOB (object);

  g_clear_object (&self->params);
  g_clear_object (&self->task);
  g_clear_error (&self->error);
  g_clear_pointer (&self->sketch_url, g_free);
  g_clear_pointer (&self->wait_reason, g_free);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_pointer (&self->retry_what, g_free);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->download_failures, g_ptr_array_unref);
  g_clear_object (&self->directory);

  G_OBJECT_CLASS (sb_job_parent_class)->finalize (object);
}

static void
sb_job_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  SbJob *self = SB_JOB (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_TASK:
      g_value_set_object (value, self->task);
      break;

    case PROP_WAIT_REASON:
      g_value_set_string (value, self->wait_reason);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_job_class_init (SbJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_job_finalize;
  object_class->get_property = sb_job_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SB_TYPE_JOB_STATE, SB_JOB_QUEUED,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TASK] =
    g_param_spec_object ("task", NULL, NULL, SB_TYPE_TASK,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * SbJob:wait-reason:
   *
   * Why a queued job has not started, or why a started one waits (the
   * service cannot be reached), in the user's words, or NULL.
   */
  properties[PROP_WAIT_REASON] =
    g_param_spec_string ("wait-reason", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_job_init (SbJob *self)
{
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  self->download_failures = g_ptr_array_new_with_free_func (download_failure_free);
}

/* @params is copied: later edits in the window do not change a queued job. */
SbJob *
sb_job_new (SbParams   *params,
            const char *sketch_url)
{
  SbJob *self;

  g_return_val_if_fail (SB_IS_PARAMS (params), NULL);
  g_return_val_if_fail (sketch_url != NULL, NULL);

  self = g_object_new (SB_TYPE_JOB, NULL);
  self->params = sb_params_copy (params);
  self->sketch_url = g_strdup (sketch_url);

  return self;
}

/**
 * sb_job_new_resumed:
 * @sketch_url: (nullable): the sketch's address, if known
 * @created_at: g_get_real_time() when the task was created
 *
 * A job whose task already exists at the service (after a restart): the
 * queue waits for it instead of creating one.
 */
SbJob *
sb_job_new_resumed (SbParams   *params,
                    const char *sketch_url,
                    const char *task_id,
                    gint64      created_at)
{
  SbJob *self;

  g_return_val_if_fail (SB_IS_PARAMS (params), NULL);
  g_return_val_if_fail (task_id != NULL, NULL);

  /* A task followed by its id alone has no known sketch: nothing needs it. */
  self = g_object_new (SB_TYPE_JOB, NULL);
  self->params = sb_params_copy (params);
  self->sketch_url = g_strdup (sketch_url);

  self->task = sb_task_new (task_id);
  self->created_at = created_at;

  return self;
}

GFile *
sb_job_get_directory (SbJob *self)
{
  g_return_val_if_fail (SB_IS_JOB (self), NULL);

  return self->directory;
}

void
sb_job_set_directory (SbJob *self,
                      GFile *directory)
{
  g_return_if_fail (SB_IS_JOB (self));

  g_set_object (&self->directory, directory);
}

gint64
sb_job_get_created_at (SbJob *self)
{
  g_return_val_if_fail (SB_IS_JOB (self), 0);

  return self->created_at;
}

void
sb_job_set_created_at (SbJob  *self,
                       gint64  created_at)
{
  g_return_if_fail (SB_IS_JOB (self));

  self->created_at = created_at;
}

SbParams *
sb_job_get_params (SbJob *self)
{
  g_return_val_if_fail (SB_IS_JOB (self), NULL);

  return self->params;
}

const char *
sb_job_get_sketch_url (SbJob *self)
{
  g_return_val_if_fail (SB_IS_JOB (self), NULL);

  return self->sketch_url;
}

SbJobState
sb_job_get_state (SbJob *self)
{
  g_return_val_if_fail (SB_IS_JOB (self), SB_JOB_FAILED);

  return self->state;
}

SbTask *
sb_job_get_task (SbJob *self)
{
  g_return_val_if_fail (SB_IS_JOB (self), NULL);

  return self->task;
}

const GError *
sb_job_get_error (SbJob *self)
{
  g_return_val_if_fail (SB_IS_JOB (self), NULL);

  return self->error;
}

const char *
sb_job_get_wait_reason (SbJob *self)
{
  g_return_val_if_fail (SB_IS_JOB (self), NULL);

  return self->wait_reason;
}

/* Returns: (transfer none) (element-type GFile) the images saved so far */
GPtrArray *
sb_job_get_files (SbJob *self)
{
  g_return_val_if_fail (SB_IS_JOB (self), NULL);

  return self->files;
}

void
sb_job_set_state (SbJob      *self,
                  SbJobState  state)
{
  g_return_if_fail (SB_IS_JOB (self));
  g_return_if_fail (!sb_job_state_is_final (self->state));

  if (self->state == state)
    return;

  self->state = state;
  if (state != SB_JOB_QUEUED)
    sb_job_set_wait_reason (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
sb_job_set_task (SbJob  *self,
                 SbTask *task)
{
  g_return_if_fail (SB_IS_JOB (self));

  if (g_set_object (&self->task, task))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK]);
}

void
sb_job_fail (SbJob        *self,
             const GError *error)
{
  g_return_if_fail (SB_IS_JOB (self));
  g_return_if_fail (error != NULL);

  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  sb_job_set_state (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                            ? SB_JOB_CANCELLED : SB_JOB_FAILED);
}

static void
set_wait_reason (SbJob      *self,
                 const char *reason)
{
  if (g_strcmp0 (self->wait_reason, reason) == 0)
    return;

  g_free (self->wait_reason);
  self->wait_reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAIT_REASON]);
}

static void
stop_retry_countdown (SbJob *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_pointer (&self->retry_what, g_free);
}

void
sb_job_set_wait_reason (SbJob      *self,
                        const char *reason)
{
  g_return_if_fail (SB_IS_JOB (self));

  stop_retry_countdown (self);
  set_wait_reason (self, reason);
}

/* Once a second: how long until the request is asked again. */
static gboolean
tick_retry (gpointer user_data)
{
  SbJob *self = user_data;
  gint64 left_us = self->retry_at - g_get_monotonic_time ();
  guint left = left_us > 0 ? (guint) ((left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
  g_autofree char *reason = NULL;

  if (left == 0)
    /* Translators: why a generation waits, e.g. "The service is busy — trying again now" */
    reason = g_strdup_printf (_("%s — trying again now"), self->retry_what);
  else
    /* Translators: why a generation waits, e.g. "The service is busy — trying again in 8 s" */
    reason = g_strdup_printf (_("%s — trying again in %u s"), self->retry_what, left);
  set_wait_reason (self, reason);
  if (left > 0)
    return G_SOURCE_CONTINUE;
  self->retry_id = 0;
  return G_SOURCE_REMOVE;
}

/**
 * sb_job_set_retry:
 * @error: why the last request failed
 * @seconds: until it is asked again
 *
 * A request the service turned away for now (throttled, or unreachable)
 * is asked again: the job says why and counts down, rather than seem to
 * hang at "Submitting".
 */
void
sb_job_set_retry (SbJob        *self,
                  const GError *error,
                  double        seconds)
{
  g_return_if_fail (SB_IS_JOB (self));
  g_return_if_fail (error != NULL);

  stop_retry_countdown (self);
  self->retry_what = g_strdup (g_error_matches (error, SB_ERROR, SB_ERROR_THROTTLED)
                               ? _("The service is busy")
                               : _("The service could not be reached"));
  self->retry_at = g_get_monotonic_time () + (gint64) (MAX (seconds, 0) * G_USEC_PER_SEC);
  if (tick_retry (self) == G_SOURCE_CONTINUE)
    self->retry_id = g_timeout_add (1000, tick_retry, self);
}

void
sb_job_add_file (SbJob *self,
                 GFile *file)
{
  g_return_if_fail (SB_IS_JOB (self));
  g_return_if_fail (G_IS_FILE (file));

  g_ptr_array_add (self->files, g_object_ref (file));
}

/* A result that was made but could not be downloaded or saved. */
void
sb_job_add_download_failure (SbJob        *self,
                             guint         index,
                             const char   *url,
                             const GError *error)
{
  SbDownloadFailure *failure;

  g_return_if_fail (SB_IS_JOB (self));
  g_return_if_fail (error != NULL);

  failure = g_new0 (SbDownloadFailure, 1);
  failure->index = index;
  failure->url = g_strdup (url);
  failure->error = g_error_copy (error);
  g_ptr_array_add (self->download_failures, failure);
}

/* Returns: (transfer none) (element-type SbDownloadFailure) */
GPtrArray *
sb_job_get_download_failures (SbJob *self)
{
  g_return_val_if_fail (SB_IS_JOB (self), NULL);

  return self->download_failures;
}

/* The state in words, as the gallery shows it. */
const char *
sb_job_state_get_label (SbJobState state)
{
  switch (state)
    {
    case SB_JOB_QUEUED: return _("Queued");
    case SB_JOB_UPLOADING: return _("Uploading the sketch");
    case SB_JOB_SUBMITTING: return _("Submitting");
    case SB_JOB_PENDING: return _("Waiting at DashScope");
    case SB_JOB_RUNNING: return _("Painting");
    case SB_JOB_DOWNLOADING: return _("Downloading");
    case SB_JOB_DONE: return _("Done");
    case SB_JOB_FAILED: return _("Failed");
    case SB_JOB_CANCELLED:
    default: return _("Cancelled");
    }
}
