/* sb-jobs-pane.h: the generations in progress, each with a stop button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sb-generator.h"

G_BEGIN_DECLS

#define SB_TYPE_JOBS_PANE (sb_jobs_pane_get_type ())

G_DECLARE_FINAL_TYPE (SbJobsPane, sb_jobs_pane, SB, JOBS_PANE, GtkBox)

void sb_jobs_pane_set_generator (SbJobsPane  *self,
                                 SbGenerator *generator);

void sb_jobs_pane_stop (SbJobsPane *self,
                       SbJob      *job);

G_END_DECLS
