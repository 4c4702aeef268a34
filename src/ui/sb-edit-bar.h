/* sb-edit-bar.h: the words and settings of an edit of the picture on show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sb-params.h"

G_BEGIN_DECLS

#define SB_TYPE_EDIT_BAR (sb_edit_bar_get_type ())

G_DECLARE_FINAL_TYPE (SbEditBar, sb_edit_bar, SB, EDIT_BAR, GtkBox)

void            sb_edit_bar_set_engine  (SbEditBar      *self,
                                         const SbEngine *engine);
const SbEngine *sb_edit_bar_get_engine  (SbEditBar      *self);
void            sb_edit_bar_apply       (SbEditBar      *self,
                                         SbParams       *params);
void            sb_edit_bar_set_params  (SbEditBar      *self,
                                         SbParams       *params);
void            sb_edit_bar_get_scales  (SbEditBar      *self,
                                         double          scales[SB_N_SIDES]);
void            sb_edit_bar_focus_prompt (SbEditBar     *self);

G_END_DECLS
