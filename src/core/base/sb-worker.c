/* sb-worker.c: the threads that decode, scale and write pictures
 *
 * Four pictures arrive within milliseconds of each other, and each is
 * decoded to check it, scaled for its tile and for the canvas, and
 * written. Run in GLib's own pool, that is as many decodes at once as
 * there are pictures, and on a two-core machine they take the core the
 * main loop and the display server draw on: the frame that shows the
 * pictures waits for them. These workers are one fewer than the
 * processors (at least one), and take the work in the order it came.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-worker"

#include "config.h"

#include "sb-worker.h"

typedef struct {
  GTask           *task;
  GTaskThreadFunc  func;
} Work;

static void
run_work (gpointer data,
          gpointer user_data)
{
  Work *work = data;

  /* Cancelled while it waited its turn: said without doing the work. */
  if (!g_task_return_error_if_cancelled (work->task))
    work->func (work->task, g_task_get_source_object (work->task), g_task_get_task_data (work->task),
                g_task_get_cancellable (work->task));
  g_object_unref (work->task);
  g_free (work);
}

/**
 * sb_worker_run:
 * @task: returned by @func (in a worker), or cancelled before it ran
 * @func: the blocking work, as for g_task_run_in_thread()
 *
 * Like g_task_run_in_thread(), on the picture workers.
 */
void
sb_worker_run (GTask           *task,
               GTaskThreadFunc  func)
{
  static GThreadPool *pool;
  Work *work;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (run_work, NULL, MAX (1, (int) g_get_num_processors () - 1),
                                                 FALSE, NULL));

  work = g_new (Work, 1);
  work->task = g_object_ref (task);
  work->func = func;
  g_thread_pool_push (pool, work, NULL);
}
