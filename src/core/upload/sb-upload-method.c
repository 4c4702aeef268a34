/* sb-upload-method.c: the upload methods, in one table
 *
 * The only place the methods' names ("dashscope", "put", …) are spelled:
 * the settings, Preferences, the CLI's --upload, its help and the history
 * all read this table. To add a method, add a row and its uploader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-upload-method"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-error.h"
#include "sb-upload-method.h"
#include "sb-uploader-dashscope.h"
#include "sb-uploader-form.h"
#include "sb-uploader-put.h"

typedef SbUploader *(*CreateUploader) (const SbUploadConfig *config,
                                       SbDashscopeClient    *client,
                                       GError              **error);

static SbUploader *
create_dashscope (const SbUploadConfig *config,
                  SbDashscopeClient    *client,
                  GError              **error)
{
  return sb_uploader_dashscope_new (client);
}

static SbUploader *
create_put (const SbUploadConfig *config,
            SbDashscopeClient    *client,
            GError              **error)
{
  return sb_uploader_put_new (config->upload_url, config->public_url, config->headers, error);
}

static SbUploader *
create_form (const SbUploadConfig *config,
             SbDashscopeClient    *client,
             GError              **error)
{
  return sb_uploader_form_new (config->upload_url, config->form_field, config->form_fields,
                               config->headers, config->url_path, error);
}

static const struct {
  const char     *nick;
  const char     *label;          /* N_() */
  gboolean        needs_key;      /* asks DashScope for an upload policy */
  gboolean        needs_address;  /* upload-url */
  gboolean        needs_headers;  /* may carry the user's own secret headers */
  CreateUploader  create;         /* NULL: nothing is uploaded */
} methods[SB_N_UPLOAD_METHODS] = {
  [SB_UPLOAD_METHOD_DASHSCOPE] = { "dashscope", N_("DashScope temporary storage"), TRUE, FALSE, FALSE, create_dashscope },
  [SB_UPLOAD_METHOD_PUT] = { "put", N_("HTTP PUT to my server"), FALSE, TRUE, TRUE, create_put },
  [SB_UPLOAD_METHOD_FORM] = { "form", N_("Form upload to an image host"), FALSE, TRUE, TRUE, create_form },
  [SB_UPLOAD_METHOD_URL] = { "url", N_("A web address I already have"), FALSE, FALSE, FALSE, NULL },
};

const char *
sb_upload_method_to_nick (SbUploadMethod method)
{
  g_return_val_if_fail (method < SB_N_UPLOAD_METHODS, NULL);

  return methods[method].nick;
}

gboolean
sb_upload_method_from_nick (const char     *nick,
                            SbUploadMethod *method)
{
  for (guint i = 0; nick != NULL && i < SB_N_UPLOAD_METHODS; i++)
    if (g_str_equal (nick, methods[i].nick))
      {
        *method = i;
        return TRUE;
      }

  return FALSE;
}

const char *
sb_upload_method_get_label (SbUploadMethod method)
{
  g_return_val_if_fail (method < SB_N_UPLOAD_METHODS, NULL);

  return _(methods[method].label);
}

/* FALSE for a sketch that is already online. */
gboolean
sb_upload_method_uploads (SbUploadMethod method)
{
  return method < SB_N_UPLOAD_METHODS && methods[method].create != NULL;
}

gboolean
sb_upload_method_needs_key (SbUploadMethod method)
{
  return method < SB_N_UPLOAD_METHODS && methods[method].needs_key;
}

/* Headers from the keyring go only to methods that send them. */
gboolean
sb_upload_method_needs_headers (SbUploadMethod method)
{
  return method < SB_N_UPLOAD_METHODS && methods[method].needs_headers;
}

/* "dashscope, put, form": what --upload takes, for help and errors. */
char *
sb_upload_method_list_uploading (void)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < SB_N_UPLOAD_METHODS; i++)
    if (methods[i].create != NULL)
      g_string_append_printf (list, "%s%s", list->len > 0 ? ", " : "", methods[i].nick);

  return g_string_free (list, FALSE);
}

SbUploader *
sb_upload_method_create_uploader (SbUploadMethod        method,
                                  const SbUploadConfig *config,
                                  SbDashscopeClient    *client,
                                  GError              **error)
{
  g_return_val_if_fail (method < SB_N_UPLOAD_METHODS, NULL);

  if (methods[method].create == NULL)
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                           _("With a sketch address already online, nothing is uploaded"));
      return NULL;
    }
  if (methods[method].needs_address && (config->upload_url == NULL || *config->upload_url == '\0'))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                   _("The %s upload method needs an upload address"), methods[method].nick);
      return NULL;
    }

  return methods[method].create (config, client, error);
}
