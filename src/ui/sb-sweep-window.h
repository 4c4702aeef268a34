/* sb-sweep-window.h: one sketch across weights or styles, as a grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sb-job.h"

G_BEGIN_DECLS

#define SB_TYPE_SWEEP_WINDOW (sb_sweep_window_get_type ())

G_DECLARE_FINAL_TYPE (SbSweepWindow, sb_sweep_window, SB, SWEEP_WINDOW, AdwWindow)

SbSweepWindow *sb_sweep_window_new (GtkWindow     *parent,
                                    const char    *title);
void           sb_sweep_window_add (SbSweepWindow *self,
                                    const char    *label,
                                    SbJob         *job);
guint          sb_sweep_window_count_done (SbSweepWindow *self);

G_END_DECLS
