/* sb-uploader-put.h: upload by HTTP PUT to the user's own host
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-uploader.h"

G_BEGIN_DECLS

#define SB_TYPE_UPLOADER_PUT (sb_uploader_put_get_type ())

G_DECLARE_FINAL_TYPE (SbUploaderPut, sb_uploader_put, SB, UPLOADER_PUT, GObject)

SbUploader *sb_uploader_put_new (const char          *put_prefix,
                                 const char          *public_prefix,
                                 const char * const  *headers,
                                 GError             **error);

G_END_DECLS
