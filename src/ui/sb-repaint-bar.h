/* sb-repaint-bar.h: the brush and the words for repainting a region
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SB_TYPE_REPAINT_BAR (sb_repaint_bar_get_type ())

G_DECLARE_FINAL_TYPE (SbRepaintBar, sb_repaint_bar, SB, REPAINT_BAR, GtkBox)

const char *sb_repaint_bar_get_prompt   (SbRepaintBar *self);
void        sb_repaint_bar_set_prompt   (SbRepaintBar *self,
                                         const char   *prompt);
double      sb_repaint_bar_get_radius   (SbRepaintBar *self);
gboolean    sb_repaint_bar_get_erasing  (SbRepaintBar *self);
void        sb_repaint_bar_focus_prompt (SbRepaintBar *self);
void        sb_repaint_bar_fit_width    (SbRepaintBar *self,
                                         int           available);

G_END_DECLS
