/* sb-uploader.h: putting the sketch where the service can fetch it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "sb-limits.h"

G_BEGIN_DECLS

#define SB_TYPE_UPLOADER (sb_uploader_get_type ())

G_DECLARE_INTERFACE (SbUploader, sb_uploader, SB, UPLOADER, GObject)

struct _SbUploaderInterface
{
  GTypeInterface parent_iface;

  /* Stores @image as @name (fresh ASCII, checked against the limits) and
   * finishes with the URL the service should fetch. */
  void   (*upload_async)  (SbUploader          *self,
                           GBytes              *image,
                           const char          *name,
                           const char          *content_type,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data);
  char * (*upload_finish) (SbUploader          *self,
                           GAsyncResult        *result,
                           GError             **error);
};

void      sb_uploader_upload_async  (SbUploader           *self,
                                     GBytes               *image,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
char     *sb_uploader_upload_finish (SbUploader           *self,
                                     GAsyncResult         *result,
                                     GError              **error);
void      sb_uploader_test_async    (SbUploader           *self,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
char     *sb_uploader_test_finish   (SbUploader           *self,
                                     GAsyncResult         *result,
                                     GError              **error);
gboolean  sb_uploader_check_size    (guint64               size,
                                     GError              **error);
gboolean  sb_uploader_check_headers (const char * const   *headers,
                                     GError              **error);

G_END_DECLS
