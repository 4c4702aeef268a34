/* sb-color-picker.h: the pen colour beyond the toolbar's swatches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sb-sketch.h"

G_BEGIN_DECLS

#define SB_TYPE_COLOR_PICKER (sb_color_picker_get_type ())

G_DECLARE_FINAL_TYPE (SbColorPicker, sb_color_picker, SB, COLOR_PICKER, AdwBin)

GtkWidget *sb_color_picker_new        (void);
void       sb_color_picker_set_sketch (SbColorPicker *self,
                                       SbSketch      *sketch);
void       sb_color_picker_bind       (SbColorPicker *self,
                                       GSettings     *settings);
void       sb_color_picker_popup      (SbColorPicker *self);

G_END_DECLS
