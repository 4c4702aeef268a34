/* sb-gallery.h: every generation, newest first, filtered by prompt and style
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sb-generator.h"

G_BEGIN_DECLS

#define SB_TYPE_GALLERY (sb_gallery_get_type ())

G_DECLARE_FINAL_TYPE (SbGallery, sb_gallery, SB, GALLERY, GtkBox)

void sb_gallery_set_generator (SbGallery   *self,
                               SbGenerator *generator);

G_END_DECLS
