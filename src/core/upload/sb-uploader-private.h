/* sb-uploader-private.h: what the uploaders share among themselves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-uploader.h"

G_BEGIN_DECLS

GBytes   *sb_uploader_read_answer   (SoupSession          *session,
                                     GAsyncResult         *result,
                                     GError              **error);
GError   *sb_uploader_error_new     (const char           *host,
                                     guint                 status,
                                     const char           *reason,
                                     const GError         *transport);
gboolean  sb_uploader_add_headers   (SoupMessage          *msg,
                                     const char * const   *headers,
                                     GError              **error);
gboolean  sb_uploader_check_image   (GBytes               *image,
                                     const char          **extension,
                                     const char          **content_type,
                                     GError              **error);

G_END_DECLS
