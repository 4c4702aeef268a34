/* sb-task.h: one remote task and its results, as the service reports them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  SB_TASK_STATUS_PENDING,
  SB_TASK_STATUS_RUNNING,
  SB_TASK_STATUS_SUSPENDED,
  SB_TASK_STATUS_SUCCEEDED,
  SB_TASK_STATUS_FAILED,
  SB_TASK_STATUS_UNKNOWN,
  SB_TASK_STATUS_CANCELED,
} SbTaskStatus;

/* One slot of output.results: a URL, or the reason this image failed. */
typedef struct {
  char *url;
  char *code;
  char *message;
} SbTaskResult;

#define SB_TYPE_TASK (sb_task_get_type ())

G_DECLARE_FINAL_TYPE (SbTask, sb_task, SB, TASK, GObject)

SbTask       *sb_task_new                  (const char  *task_id);
SbTask       *sb_task_new_from_json        (const char  *data,
                                            gssize       length,
                                            const char  *secret,
                                            GError     **error);
const char   *sb_task_get_id               (SbTask      *self);
SbTaskStatus  sb_task_get_status           (SbTask      *self);
const char   *sb_task_get_request_id       (SbTask      *self);
const char   *sb_task_get_problem          (SbTask      *self);
void          sb_task_set_problem          (SbTask      *self,
                                            const char  *problem);
const char   *sb_task_get_code             (SbTask      *self);
const char   *sb_task_get_message          (SbTask      *self);
GPtrArray    *sb_task_get_results          (SbTask      *self);
gboolean      sb_task_get_metrics          (SbTask      *self,
                                            int         *total,
                                            int         *succeeded,
                                            int         *failed);
int           sb_task_get_image_count      (SbTask      *self);
double        sb_task_get_service_seconds  (SbTask      *self);
void          sb_task_update               (SbTask      *self,
                                            SbTask      *newer);
GError       *sb_task_to_error             (SbTask      *self);
char         *sb_task_to_json              (SbTask      *self);
char         *sb_task_to_text              (SbTask      *self);
gboolean      sb_task_status_is_final      (SbTaskStatus status);
const char   *sb_task_status_to_string     (SbTaskStatus status);
gboolean      sb_task_status_from_string   (const char  *text,
                                            SbTaskStatus *status);

G_END_DECLS
