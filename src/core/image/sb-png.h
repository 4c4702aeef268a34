/* sb-png.h: writing line art as a compact PNG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

GBytes *sb_png_encode_compact (cairo_surface_t  *surface,
                               GError          **error);

GBytes *sb_png_add_text       (GBytes            *png,
                               const char * const *pairs);

G_END_DECLS
