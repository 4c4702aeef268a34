/* sb-style.h: the eight styles of wanx-sketch-to-image-lite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The enum nicks ("auto", "3d-cartoon", …) are the names used by GSettings and
 * sketchbloom-cli; the wire values ("<auto>", "<3d cartoon>", …) are the service's. */
typedef enum {
  SB_STYLE_AUTO,
  SB_STYLE_3D_CARTOON,
  SB_STYLE_ANIME,
  SB_STYLE_OIL_PAINTING,
  SB_STYLE_WATERCOLOR,
  SB_STYLE_SKETCH,
  SB_STYLE_CHINESE_PAINTING,
  SB_STYLE_FLAT_ILLUSTRATION,
} SbStyle;

#define SB_N_STYLES (SB_STYLE_FLAT_ILLUSTRATION + 1)

const char *sb_style_to_wire   (SbStyle     style);
gboolean    sb_style_from_wire (const char *wire,
                                SbStyle    *style);
const char *sb_style_to_nick   (SbStyle     style);
gboolean    sb_style_from_nick (const char *nick,
                                SbStyle    *style);
const char *sb_style_get_label (SbStyle     style);
const char *sb_style_get_words (SbStyle     style);

G_END_DECLS
