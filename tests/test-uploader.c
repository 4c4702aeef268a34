/* test-uploader.c: "Test upload" proves the whole path, or names the step that failed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-error.h"
#include "sb-sim-server.h"
#include "sb-test-util.h"
#include "sb-uploader-dashscope.h"
#include "sb-uploader-put.h"

static char *
run_test (SbUploader  *uploader,
          GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sb_uploader_test_async (uploader, NULL, sb_test_store_result, &result);
  return sb_uploader_test_finish (uploader, sb_test_wait_for (&result), error);
}

static void
test_uploader_probe (void)
{
  g_autoptr(SbSimServer) sim = sb_sim_server_new ("sk-probe", 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *files = NULL;
  g_autofree char *base = NULL;
  g_autofree char *elsewhere = NULL;
  g_autoptr(SbUploader) put = NULL;
  g_autoptr(SbUploader) wrong = NULL;
  g_autoptr(SbUploader) temporary = NULL;
  g_autoptr(SbDashscopeClient) client = NULL;
  g_autofree char *url = NULL;
  g_autofree char *oss = NULL;
  char *none;

  sb_sim_server_listen (sim, 0, &error);
  g_assert_no_error (error);
  files = sb_sim_server_get_files_url (sim);
  base = sb_sim_server_get_base_url (sim);

  /* Uploaded, read back, the same bytes. */
  put = sb_uploader_put_new (files, NULL, NULL, &error);
  g_assert_no_error (error);
  url = run_test (put, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (url, files));
  g_assert_true (g_str_has_suffix (url, ".png"));

  /* Uploaded, but the public address is wrong: said, with the host. */
  elsewhere = g_strconcat (files, "elsewhere/", NULL);
  wrong = sb_uploader_put_new (files, elsewhere, NULL, &error);
  none = run_test (wrong, &error);
  g_assert_null (none);
  g_assert_error (error, SB_ERROR, SB_ERROR_UPLOAD);
  g_assert_nonnull (strstr (error->message, "127.0.0.2"));
  g_assert_nonnull (strstr (error->message, "HTTP 404"));
  g_clear_error (&error);

  /* Temporary storage: uploaded to oss://, which only DashScope reads. */
  client = sb_dashscope_client_new (base, "sk-probe", NULL, &error);
  temporary = sb_uploader_dashscope_new (client);
  oss = run_test (temporary, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (oss, "oss://dashscope-instant/"));
  g_assert_cmpuint (sb_sim_server_count_requests (sim, "GET", "/api/v1/uploads"), ==, 1);

  /* The policy is reused while it lasts. */
  g_clear_pointer (&oss, g_free);
  oss = run_test (temporary, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sb_sim_server_count_requests (sim, "GET", "/api/v1/uploads"), ==, 1);
  g_assert_cmpuint (sb_sim_server_count_requests (sim, "POST", "/"), ==, 2);
}

static void
test_uploader_refuses_insecure (void)
{
  g_autoptr(GError) error = NULL;
  SbUploader *uploader = sb_uploader_put_new ("http://example.com/up/", NULL, NULL, &error);

  g_assert_null (uploader);
  g_assert_error (error, SB_ERROR, SB_ERROR_INSECURE_URL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/uploader/probe", test_uploader_probe);
  g_test_add_func ("/uploader/refuses-insecure", test_uploader_refuses_insecure);

  return g_test_run ();
}
