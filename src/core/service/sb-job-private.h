/* sb-job-private.h: what only SbJobQueue, which drives a job, may change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-job.h"

G_BEGIN_DECLS

void          sb_job_set_state       (SbJob        *self,
                                      SbJobState    state);
void          sb_job_set_task        (SbJob        *self,
                                      SbTask       *task);
void          sb_job_fail            (SbJob        *self,
                                      const GError *error);
void          sb_job_set_wait_reason (SbJob        *self,
                                      const char   *reason);
void          sb_job_set_retry       (SbJob        *self,
                                      const GError *error,
                                      double        seconds);
void          sb_job_add_file        (SbJob        *self,
                                      GFile        *file);

void          sb_job_add_download_failure  (SbJob        *self,
                                            guint         index,
                                            const char   *url,
                                            const GError *error);

G_END_DECLS
