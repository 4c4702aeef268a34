/* sb-composer.h: the prompt and the parameters Generate sends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sb-params.h"
#include "sb-sketch.h"

G_BEGIN_DECLS

#define SB_TYPE_COMPOSER (sb_composer_get_type ())

G_DECLARE_FINAL_TYPE (SbComposer, sb_composer, SB, COMPOSER, GtkBox)

void        sb_composer_bind         (SbComposer *self,
                                      GSettings  *settings,
                                      SbSketch   *sketch);
SbParams   *sb_composer_get_params   (SbComposer *self);
void        sb_composer_set_params   (SbComposer *self,
                                      SbParams   *params);
const char *sb_composer_get_prompt   (SbComposer *self);
void        sb_composer_focus_prompt (SbComposer *self);

gboolean  sb_composer_get_prompt_fits (SbComposer *self);

void        sb_composer_set_seed         (SbComposer *self,
                                          gint64      seed);

G_END_DECLS
