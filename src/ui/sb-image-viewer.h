/* sb-image-viewer.h: one generated picture, large, with what can be done with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sb-history.h"

G_BEGIN_DECLS

#define SB_TYPE_IMAGE_VIEWER (sb_image_viewer_get_type ())

G_DECLARE_FINAL_TYPE (SbImageViewer, sb_image_viewer, SB, IMAGE_VIEWER, AdwWindow)

SbImageViewer *sb_image_viewer_new      (GtkWindow *parent,
                                         GPtrArray *files,
                                         guint      position,
                                         SbHistory *history);
GFile         *sb_image_viewer_get_file (SbImageViewer *self);

G_END_DECLS
