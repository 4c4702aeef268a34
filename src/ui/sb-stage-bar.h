/* sb-stage-bar.h: the controls of the pictures shown over the drawing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sb-canvas.h"
#include "sb-stage.h"

G_BEGIN_DECLS

#define SB_TYPE_STAGE_BAR (sb_stage_bar_get_type ())

G_DECLARE_FINAL_TYPE (SbStageBar, sb_stage_bar, SB, STAGE_BAR, GtkBox)

void sb_stage_bar_set_stage   (SbStageBar *self,
                               SbStage    *stage,
                               SbCanvas   *canvas);
void sb_stage_bar_set_held    (SbStageBar *self,
                               gboolean    held);
void sb_stage_bar_fit_width   (SbStageBar *self,
                               int         available);

G_END_DECLS
