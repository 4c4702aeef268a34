/* sb-uploader-form.h: upload as a multipart form to an image host
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-uploader.h"

G_BEGIN_DECLS

#define SB_TYPE_UPLOADER_FORM (sb_uploader_form_get_type ())

G_DECLARE_FINAL_TYPE (SbUploaderForm, sb_uploader_form, SB, UPLOADER_FORM, GObject)

SbUploader *sb_uploader_form_new (const char          *endpoint,
                                  const char          *file_field,
                                  const char * const  *fields,
                                  const char * const  *headers,
                                  const char          *url_path,
                                  GError             **error);

G_END_DECLS
