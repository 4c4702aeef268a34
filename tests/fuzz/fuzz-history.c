/* fuzz-history.c: libFuzzer target for the history loader (entry.json)
 *
 * An entry.json is read at every start: whatever bytes it holds (a disk
 * error, another program, an attacker), loading must give a whole entry or
 * refuse it as damaged (SB_ERROR_INVALID_INPUT); nothing may crash or leak.
 * Built with clang -fsanitize=fuzzer by run-fuzzer.sh; linked with
 * replay-main.c, it replays the seed corpus in the ordinary test suite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-error.h"
#include "sb-history-entry.h"
#include "sb-uploader-dashscope.h"
#include "sb-uploader-form.h"
#include "sb-uploader-put.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* The upload methods' table names their uploaders; loading an entry makes
 * none. Weak: where the real ones are linked (the replay), they win. */
__attribute__((weak)) SbUploader *
sb_uploader_dashscope_new (SbDashscopeClient *client)
{
  g_assert_not_reached ();
}

__attribute__((weak)) SbUploader *
sb_uploader_put_new (const char          *put_prefix,
                     const char          *public_prefix,
                     const char * const  *headers,
                     GError             **error)
{
  g_assert_not_reached ();
}

__attribute__((weak)) SbUploader *
sb_uploader_form_new (const char          *endpoint,
                      const char          *file_field,
                      const char * const  *fields,
                      const char * const  *headers,
                      const char          *url_path,
                      GError             **error)
{
  g_assert_not_reached ();
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GFile) directory = g_file_new_for_path ("/nonexistent/20260101T000000-fuzz");
  g_autoptr(GError) error = NULL;
  g_autoptr(SbHistoryEntry) entry = sb_history_entry_load_from_data (directory, (const char *) data, size, &error);
  g_auto(GStrv) failures = NULL;

  if (entry == NULL)
    {
      g_assert_true (error != NULL && error->domain == SB_ERROR);
      return 0;
    }

  g_assert_no_error (error);
  /* Whatever loaded is usable: what resume and the gallery read. */
  g_assert_nonnull (sb_history_entry_get_params (entry));
  g_assert_cmpint (sb_history_entry_get_state (entry), <=, SB_HISTORY_ENTRY_INCOMPLETE);
  g_assert_cmpint (sb_history_entry_get_created_at (entry), >=, 0);
  g_assert_cmpint (sb_history_entry_get_task_created_at (entry), >=, 0);
  g_assert_cmpint (sb_history_entry_get_task_created_at (entry), <=, g_get_real_time ());
  /* Past the upload, an unfinished one has its sketch's address, unless
   * its engine took the sketch inline. */
  if (!sb_history_entry_is_finished (entry) && sb_history_entry_get_state (entry) > SB_HISTORY_ENTRY_UPLOADING &&
      sb_params_get_engine (sb_history_entry_get_params (entry))->travel == SB_IMAGE_BY_URL)
    g_assert_nonnull (sb_history_entry_get_sketch_url (entry));
  /* An enlargement names a folder and a file beside it, nothing else. */
  if (sb_history_entry_get_parent_entry (entry) != NULL)
    {
      g_assert_true (sb_error_is_safe_id (sb_history_entry_get_parent_entry (entry)));
      g_assert_true (sb_error_is_safe_id (sb_history_entry_get_parent_image (entry)));
    }
  /* Parameters read back are within their engine's limits or refused by
   * validation, never out of the seed's range when sent. */
  g_assert_cmpint (sb_params_get_seed (sb_history_entry_get_params (entry)), <=, SB_SEED_MAX);
  /* A sweep's variant is one its kind has. */
  if (sb_history_entry_get_sweep_id (entry) != NULL)
    g_assert_cmpuint (sb_history_entry_get_sweep_index (entry), <,
                      sb_sweep_get_n_variants (sb_history_entry_get_sweep_kind (entry)));
  failures = sb_history_entry_get_failures (entry);
  sb_history_entry_get_error (entry);
  {
    g_autoptr(GBytes) again = sb_history_entry_serialize (entry);
  }

  return 0;
}
