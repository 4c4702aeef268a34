/* sb-tool-palette.h: pen, eraser, width, colours, above the canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sb-sketch.h"

G_BEGIN_DECLS

#define SB_TYPE_TOOL_PALETTE (sb_tool_palette_get_type ())

G_DECLARE_FINAL_TYPE (SbToolPalette, sb_tool_palette, SB, TOOL_PALETTE, AdwBin)

void sb_tool_palette_set_sketch (SbToolPalette *self,
                                 SbSketch      *sketch);
void sb_tool_palette_bind       (SbToolPalette *self,
                                 GSettings     *settings);

G_END_DECLS
