/* sb-gallery.h: every generation, newest first, filtered by prompt and style
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sb-history.h"
#include "sb-usage-ledger.h"

G_BEGIN_DECLS

#define SB_TYPE_GALLERY (sb_gallery_get_type ())

G_DECLARE_FINAL_TYPE (SbGallery, sb_gallery, SB, GALLERY, GtkBox)

void sb_gallery_set_history  (SbGallery *self,
                              SbHistory *history);
void sb_gallery_set_usage_ledger (SbGallery     *self,
                                  SbUsageLedger *ledger);

G_END_DECLS
