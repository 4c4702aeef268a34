/* sb-upload-method.h: how a sketch gets a web address DashScope can fetch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

/* Declared here too, so the history needs neither HTTP nor uploaders. */
typedef struct _SbUploader SbUploader;
typedef struct _SbDashscopeClient SbDashscopeClient;

G_BEGIN_DECLS

/* In the order of the settings schema's enum and Preferences' list. */
typedef enum {
  SB_UPLOAD_METHOD_DASHSCOPE,   /* DashScope's temporary storage (oss://) */
  SB_UPLOAD_METHOD_PUT,         /* HTTP PUT to the user's own host */
  SB_UPLOAD_METHOD_FORM,        /* a multipart form to an image host */
  SB_UPLOAD_METHOD_URL,         /* a sketch already online: nothing uploaded */
} SbUploadMethod;

#define SB_N_UPLOAD_METHODS 4

/* What the chosen method is given; NULL members are "not set". */
typedef struct {
  const char         *upload_url;
  const char         *public_url;
  const char         *form_field;
  const char * const *form_fields;
  const char         *url_path;
  const char * const *headers;
} SbUploadConfig;

const char *sb_upload_method_to_nick       (SbUploadMethod        method);
gboolean    sb_upload_method_from_nick     (const char           *nick,
                                            SbUploadMethod       *method);
const char *sb_upload_method_get_label     (SbUploadMethod        method);
gboolean    sb_upload_method_uploads       (SbUploadMethod        method);
gboolean    sb_upload_method_needs_key     (SbUploadMethod        method);
gboolean    sb_upload_method_needs_headers (SbUploadMethod        method);
char       *sb_upload_method_list_uploading (void);
SbUploader *sb_upload_method_create_uploader (SbUploadMethod        method,
                                              const SbUploadConfig *config,
                                              SbDashscopeClient    *client,
                                              GError              **error);

G_END_DECLS
