/* sb-gallery-row.h: one generation in the gallery
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-generator.h"
#include "sb-history-entry.h"

G_BEGIN_DECLS

#define SB_TYPE_GALLERY_ROW (sb_gallery_row_get_type ())

G_DECLARE_FINAL_TYPE (SbGalleryRow, sb_gallery_row, SB, GALLERY_ROW, GtkWidget)

GtkWidget *sb_gallery_row_new       (SbGenerator    *generator);
void       sb_gallery_row_set_entry (SbGalleryRow   *self,
                                     SbHistoryEntry *entry);
SbHistoryEntry *sb_gallery_row_get_entry (SbGalleryRow *self);
void       sb_gallery_row_set_shown (SbGalleryRow   *self,
                                     gboolean        shown);

G_END_DECLS
