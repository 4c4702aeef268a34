/* sb-result-download.h: a result picture, fetched and kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

void   sb_result_download_async     (SoupSession         *session,
                                     const char          *url,
                                     GFile               *directory,
                                     const char          *basename,
                                     const char * const  *png_text,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
GFile *sb_result_download_finish    (GAsyncResult        *result,
                                     GError             **error);
char  *sb_result_download_file_name (const char          *task_id,
                                     guint                index);

G_END_DECLS
