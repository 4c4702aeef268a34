/* sb-image-viewer.h: one generated picture, large, with what can be done with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sb-history.h"

G_BEGIN_DECLS

#define SB_TYPE_IMAGE_VIEWER (sb_image_viewer_get_type ())

/* Below this width the sketch goes under the picture and the header's
 * buttons keep to their icons. */
#define SB_IMAGE_VIEWER_COMPACT_WIDTH 600

G_DECLARE_FINAL_TYPE (SbImageViewer, sb_image_viewer, SB, IMAGE_VIEWER, AdwBin)

SbImageViewer *sb_image_viewer_new      (GPtrArray *files,
                                         guint      position,
                                         SbHistory *history);
GFile         *sb_image_viewer_get_file (SbImageViewer *self);
void           sb_image_viewer_set_compact (SbImageViewer *self,
                                            gboolean       compact);

G_END_DECLS
