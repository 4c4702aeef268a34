/* sb-secrets.h: the DashScope API key, in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean  sb_secrets_key_from_environment  (void);
void      sb_secrets_lookup_api_key_async  (GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
char     *sb_secrets_lookup_api_key_finish (GAsyncResult         *result,
                                            GError              **error);
void      sb_secrets_store_api_key_async   (const char           *api_key,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean  sb_secrets_store_api_key_finish  (GAsyncResult         *result,
                                            GError              **error);

void      sb_secrets_lookup_upload_headers_async  (GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GStrv     sb_secrets_lookup_upload_headers_finish (GAsyncResult         *result,
                                                   GError              **error);
void      sb_secrets_store_upload_headers_async   (const char * const   *headers,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean  sb_secrets_store_upload_headers_finish  (GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
