/* sb-job.h: one generation, from sketch URL to saved images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-params.h"
#include "sb-task.h"

G_BEGIN_DECLS

typedef enum {
  SB_JOB_QUEUED,
  SB_JOB_UPLOADING,
  SB_JOB_SUBMITTING,
  SB_JOB_PENDING,
  SB_JOB_RUNNING,
  SB_JOB_DOWNLOADING,
  SB_JOB_DONE,
  SB_JOB_FAILED,
  SB_JOB_CANCELLED,
} SbJobState;

#define SB_TYPE_JOB (sb_job_get_type ())

G_DECLARE_FINAL_TYPE (SbJob, sb_job, SB, JOB, GObject)

/* A result DashScope made that could not be saved: never silent. */
typedef struct {
  guint   index;    /* 1-based, as the task's results */
  char   *url;
  GError *error;
} SbDownloadFailure;

SbJob        *sb_job_new             (SbParams     *params,
                                      const char   *sketch_url);
SbJob        *sb_job_new_resumed     (SbParams     *params,
                                      const char   *sketch_url,
                                      const char   *task_id,
                                      gint64        created_at);
SbParams     *sb_job_get_params      (SbJob        *self);
GFile        *sb_job_get_directory   (SbJob        *self);
void          sb_job_set_directory   (SbJob        *self,
                                      GFile        *directory);
gint64        sb_job_get_created_at  (SbJob        *self);
void          sb_job_set_created_at  (SbJob        *self,
                                      gint64        created_at);
const char   *sb_job_get_sketch_url  (SbJob        *self);
SbJobState    sb_job_get_state       (SbJob        *self);
SbTask       *sb_job_get_task        (SbJob        *self);
const GError *sb_job_get_error       (SbJob        *self);
const char   *sb_job_get_wait_reason (SbJob        *self);
GPtrArray    *sb_job_get_files       (SbJob        *self);
gboolean      sb_job_state_is_final  (SbJobState    state);

GPtrArray    *sb_job_get_download_failures (SbJob        *self);

const char   *sb_job_state_get_label (SbJobState    state);

G_END_DECLS
