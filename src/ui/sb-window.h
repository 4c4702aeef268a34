/* sb-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sb-generator.h"
#include "sb-image-viewer.h"
#include "sb-sketch.h"

G_BEGIN_DECLS

#define SB_TYPE_WINDOW (sb_window_get_type ())

G_DECLARE_FINAL_TYPE (SbWindow, sb_window, SB, WINDOW, AdwApplicationWindow)

SbWindow *sb_window_new        (GtkApplication *application,
                                SbGenerator    *generator);
SbSketch *sb_window_get_sketch (SbWindow       *self);

gboolean  sb_window_get_narrow (SbWindow *self);

void           sb_window_view_pictures (SbWindow  *self,
                                        GPtrArray *files,
                                        guint      position);
SbImageViewer *sb_window_get_viewer    (SbWindow  *self);

G_END_DECLS
