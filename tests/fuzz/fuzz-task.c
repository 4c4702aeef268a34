/* fuzz-task.c: libFuzzer target for the task-answer parser
 *
 * Every byte string must either parse into a task whose members are all
 * readable, or fail with SB_ERROR_MALFORMED; nothing may crash or leak.
 * Built with clang -fsanitize=fuzzer by run-fuzzer.sh; the same file, linked
 * with replay-main.c, replays the seed corpus in the ordinary test suite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-error.h"
#include "sb-task.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTask) task = sb_task_new_from_json ((const char *) data, size, "sk-fuzz", &error);
  int total, succeeded, failed;

  if (task == NULL)
    {
      g_assert_error (error, SB_ERROR, SB_ERROR_MALFORMED);
      return 0;
    }

  g_assert_no_error (error);
  g_assert_nonnull (sb_task_get_id (task));
  g_assert_true (g_utf8_validate (sb_task_get_id (task), -1, NULL));
  sb_task_get_metrics (task, &total, &succeeded, &failed);
  sb_task_get_service_seconds (task);

  for (guint i = 0; i < sb_task_get_results (task)->len; i++)
    {
      SbTaskResult *result = g_ptr_array_index (sb_task_get_results (task), i);

      /* Every slot is an image or a reason. */
      g_assert_true ((result->url != NULL) != (result->code != NULL));
    }

  {
    g_autoptr(GError) task_error = sb_task_to_error (task);
    g_autofree char *details = task_error != NULL ? sb_error_format_details (task_error) : NULL;
  }

  return 0;
}
