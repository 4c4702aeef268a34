/* sb-autosave.h: keeps the sketch on disk, moments after each change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-sketch.h"

G_BEGIN_DECLS

#define SB_AUTOSAVE_DELAY_MS 300

#define SB_TYPE_AUTOSAVE (sb_autosave_get_type ())

G_DECLARE_FINAL_TYPE (SbAutosave, sb_autosave, SB, AUTOSAVE, GObject)

SbAutosave *sb_autosave_new            (SbSketch             *sketch,
                                        GFile                *directory);
GFile      *sb_autosave_get_png_file   (SbAutosave           *self);
void        sb_autosave_restore_async  (SbAutosave           *self,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean    sb_autosave_restore_finish (SbAutosave           *self,
                                        GAsyncResult         *result,
                                        GError              **error);
gboolean    sb_autosave_get_busy       (SbAutosave           *self);
void        sb_autosave_save_now       (SbAutosave           *self);

G_END_DECLS
