/* sb-job-row.h: one generation in progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-job.h"

G_BEGIN_DECLS

#define SB_TYPE_JOB_ROW (sb_job_row_get_type ())

G_DECLARE_FINAL_TYPE (SbJobRow, sb_job_row, SB, JOB_ROW, GtkWidget)

GtkWidget  *sb_job_row_new        (SbJob      *job);
SbJob      *sb_job_row_get_job    (SbJobRow   *self);
const char *sb_job_state_get_label (SbJobState state);

G_END_DECLS
