/* sb-job-queue.h: runs generations within the service's limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-dashscope-client.h"
#include "sb-job.h"
#include "sb-poll-schedule.h"

G_BEGIN_DECLS

/* The model's limits, per API key. */
#define SB_MAX_TASKS_IN_PROGRESS 1
/* The most creates a second any engine allows (its row says its own). */
#define SB_MAX_CREATES_PER_SECOND 8

#define SB_TYPE_JOB_QUEUE (sb_job_queue_get_type ())

G_DECLARE_FINAL_TYPE (SbJobQueue, sb_job_queue, SB, JOB_QUEUE, GObject)

SbJobQueue *sb_job_queue_new           (SbDashscopeClient    *client,
                                        SbPollSchedule       *schedule,
                                        GFile                *directory);
void        sb_job_queue_set_client    (SbJobQueue           *self,
                                        SbDashscopeClient    *client);
void        sb_job_queue_add           (SbJobQueue           *self,
                                        SbJob                *job);
void        sb_job_queue_cancel_async  (SbJobQueue           *self,
                                        SbJob                *job,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean    sb_job_queue_cancel_finish (SbJobQueue           *self,
                                        GAsyncResult         *result,
                                        GError              **error);
void        sb_job_queue_abandon       (SbJobQueue           *self,
                                        SbJob                *job);

G_END_DECLS
