/* sb-adaptive-bin.h: a bin that says when its child no longer fits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SB_TYPE_ADAPTIVE_BIN (sb_adaptive_bin_get_type ())

G_DECLARE_FINAL_TYPE (SbAdaptiveBin, sb_adaptive_bin, SB, ADAPTIVE_BIN, GtkWidget)

GtkWidget *sb_adaptive_bin_new         (void);
GtkWidget *sb_adaptive_bin_get_child   (SbAdaptiveBin *self);
void       sb_adaptive_bin_set_child   (SbAdaptiveBin *self,
                                        GtkWidget     *child);
gboolean   sb_adaptive_bin_get_compact (SbAdaptiveBin *self);

G_END_DECLS
