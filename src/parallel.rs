//! Work spread over the machine's cores: files over threads, and a large document's rules
//! over threads. The number of threads is the number of cores, or `MTLINT_THREADS` when set
//! (`MTLINT_THREADS=1` runs everything on one thread).

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::AssertUnwindSafe;
use std::sync::{mpsc, Arc, Condvar, Mutex};

/// The number of threads to use: `MTLINT_THREADS` if it is a positive number, else the number
/// of cores.
pub fn threads() -> usize {
    std::env::var("MTLINT_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Map `f` over `items` on [`threads`] threads (taking items in order), keeping the order of
/// `items` in the result.
pub fn parallel_map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = threads().min(items.len().max(1));
    if threads <= 1 {
        return items.into_iter().map(f).collect();
    }
    let queue: Mutex<std::iter::Enumerate<std::vec::IntoIter<T>>> =
        Mutex::new(items.into_iter().enumerate());
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let next = match queue.lock() {
                    Ok(mut q) => q.next(),
                    Err(_) => None,
                };
                let Some((i, item)) = next else { break };
                let r = f(item);
                if let Ok(mut out) = results.lock() {
                    out.push((i, r));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// How far the workers of [`Workers::for_each_ordered`] may run ahead of the consumer, per
/// thread. With 8, two workers over 10,000 small files waited for the consumer (and it for
/// them) 2,300 times a run; with 32, 500 times, and the run took about 4 % less time. A result
/// is a file's (or a 1 MiB block's) findings and the lines they touch, not its text: the peak
/// memory of a check of a 115 MB file grew by 2 MB.
const AHEAD_PER_THREAD: usize = 32;

/// A job for a worker of [`Workers`].
type Job<'env> = Box<dyn FnOnce() + Send + 'env>;

/// Worker threads kept for several runs of [`Workers::for_each_ordered`]: a large file's fix
/// lints it once per pass, and new threads for every pass would each build (and keep) their
/// own lazy-DFA caches in the regex engines' pools, a few MB per thread and pattern set.
/// Made by [`with_workers`]; with one thread the work runs on the calling thread.
pub struct Workers<'env> {
    /// Where jobs are sent (`None`: one thread, no workers).
    jobs: Option<mpsc::Sender<Job<'env>>>,
    /// How many workers there are.
    threads: usize,
}

/// Run `f` with [`threads`] worker threads that live until it returns.
pub fn with_workers<'env, R>(f: impl FnOnce(&Workers<'env>) -> R) -> R {
    let threads = threads();
    if threads <= 1 {
        return f(&Workers {
            jobs: None,
            threads: 1,
        });
    }
    let (jobs, queue) = mpsc::channel::<Job<'env>>();
    let queue = Mutex::new(queue);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let queue = &queue;
            scope.spawn(move || loop {
                // (the lock is released before the job runs: the guard is a temporary)
                let next = match queue.lock() {
                    Ok(queue) => queue.recv(),
                    Err(_) => return,
                };
                match next {
                    Ok(job) => job(),
                    Err(_) => return, // `f` returned: no more jobs
                }
            });
        }
        // Dropped when `f` returns or unwinds, which ends the workers.
        let workers = Workers {
            jobs: Some(jobs),
            threads,
        };
        f(&workers)
    })
}

impl<'env> Workers<'env> {
    /// Run `work` over `items` on the workers and hand each result to `consume` on the calling
    /// thread, in the order of `items`.
    ///
    /// At most `AHEAD_PER_THREAD` results per worker wait to be consumed (a worker does not
    /// start item `i` until `consume` has taken the items before
    /// `i - threads * AHEAD_PER_THREAD`), so memory does not grow with the number of items.
    /// The consumer is woken for results in batches of half that window (or when a worker
    /// waits or ends), not once per item, which would cost a context switch per file.
    /// `consume` returning `Break` stops the run: no new item is started and the results
    /// still in flight are dropped. A panic in `work` stops the run and is passed on to the
    /// caller. Items are taken from `items` one at a time, under a lock, as workers need them:
    /// an iterator that reads its items (a file's blocks) reads them only as fast as they are
    /// worked on.
    pub fn for_each_ordered<T, R, I>(
        &self,
        items: I,
        work: impl Fn(T) -> R + Send + Sync + 'env,
        mut consume: impl FnMut(R) -> ControlFlow<()>,
    ) where
        T: Send + 'env,
        R: Send + 'env,
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'env,
    {
        let items = items.into_iter();
        let most = items.size_hint().1.unwrap_or(usize::MAX);
        let threads = self.threads.min(most.max(1));
        let Some(jobs) = self.jobs.as_ref().filter(|_| threads > 1) else {
            for item in items {
                if consume(work(item)).is_break() {
                    break;
                }
            }
            return;
        };
        let window = threads * AHEAD_PER_THREAD;
        let run = Arc::new(Run {
            state: Mutex::new(Ordered {
                items,
                started: 0,
                consumed: 0,
                ready: BTreeMap::new(),
                active: threads,
                stop: false,
                panic: None,
            }),
            room: Condvar::new(),
            filled: Condvar::new(),
            window,
        });
        let work = Arc::new(work);
        for _ in 0..threads {
            let (mine, work) = (Arc::clone(&run), Arc::clone(&work));
            let job: Job<'env> = Box::new(move || mine.work(&*work));
            if jobs.send(job).is_err() {
                // (cannot happen while `self` lives: the workers end only when it is dropped)
                run.lock().active -= 1;
            }
        }
        // However the consumer leaves (done, `Break`, or a panic in `consume`), the workers
        // stop taking items and those waiting for room are released.
        let _done = Leaving(|| {
            run.lock().stop = true;
            run.room.notify_all();
        });
        let mut taken = Vec::new();
        loop {
            {
                let mut s = run.lock();
                while s.active > 0 && !s.ready.contains_key(&s.consumed) {
                    s = run
                        .filled
                        .wait(s)
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                }
                if let Some(panic) = s.panic.take() {
                    drop(s);
                    std::panic::resume_unwind(panic);
                }
                let mut next = s.consumed;
                while let Some(r) = s.ready.remove(&next) {
                    taken.push(r);
                    next += 1;
                }
                s.consumed = next;
                run.room.notify_all();
            }
            if taken.is_empty() {
                break; // every worker is done
            }
            for r in taken.drain(..) {
                if consume(r).is_break() {
                    return;
                }
            }
        }
    }
}

/// What the workers of one [`Workers::for_each_ordered`] run share.
struct Run<I, R> {
    state: Mutex<Ordered<I, R>>,
    /// Workers wait here for the consumer to catch up.
    room: Condvar,
    /// The consumer waits here for results.
    filled: Condvar,
    /// How many items may be started beyond the last consumed.
    window: usize,
}

/// The state of a run, under [`Run::state`]'s lock.
struct Ordered<I, R> {
    /// The items not started yet.
    items: I,
    /// How many items were started.
    started: usize,
    /// How many results were consumed (the index of the next one to consume).
    consumed: usize,
    /// Results not consumed yet, by index.
    ready: BTreeMap<usize, R>,
    /// Workers still working for this run.
    active: usize,
    /// Stop starting items (the consumer is done, or `work` panicked).
    stop: bool,
    /// What `work` panicked with, for the consumer to pass on.
    panic: Option<Box<dyn std::any::Any + Send>>,
}

impl<T, R, I: Iterator<Item = T>> Run<I, R> {
    fn lock(&self) -> std::sync::MutexGuard<'_, Ordered<I, R>> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// One worker's part of the run: take items and work on them until there are none, the
    /// consumer stopped, or `work` panicked.
    fn work(&self, work: &(impl Fn(T) -> R + ?Sized)) {
        // Whatever way this worker leaves the run, the consumer hears of it.
        let _leaving = Leaving(|| {
            self.lock().active -= 1;
            self.filled.notify_one();
        });
        loop {
            let (i, item) = {
                let mut s = self.lock();
                while !s.stop && s.started >= s.consumed + self.window {
                    self.filled.notify_one();
                    s = self
                        .room
                        .wait(s)
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                }
                if s.stop {
                    return;
                }
                let Some(item) = s.items.next() else { return };
                s.started += 1;
                (s.started - 1, item)
            };
            match std::panic::catch_unwind(AssertUnwindSafe(|| work(item))) {
                Ok(r) => {
                    let mut s = self.lock();
                    s.ready.insert(i, r);
                    if s.ready.len() >= self.window / 2 {
                        self.filled.notify_one();
                    }
                }
                Err(panic) => {
                    let mut s = self.lock();
                    s.panic.get_or_insert(panic);
                    s.stop = true;
                    self.room.notify_all();
                    return;
                }
            }
        }
    }
}

/// Run `work` over `items` on [`threads`] threads and hand each result to `consume` on the
/// calling thread, in the order of `items`: [`Workers::for_each_ordered`] on workers made for
/// this one run.
pub fn for_each_ordered<'env, T, R, I>(
    items: I,
    work: impl Fn(T) -> R + Send + Sync + 'env,
    consume: impl FnMut(R) -> ControlFlow<()>,
) where
    T: Send + 'env,
    R: Send + 'env,
    I: IntoIterator<Item = T>,
    I::IntoIter: Send + 'env,
{
    with_workers(|workers| workers.for_each_ordered(items, work, consume));
}

/// Runs a closure when dropped, also while unwinding.
struct Leaving<F: FnMut()>(F);

impl<F: FnMut()> Drop for Leaving<F> {
    fn drop(&mut self) {
        (self.0)()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_order() {
        let v: Vec<usize> = (0..100).collect();
        assert_eq!(
            parallel_map(v.clone(), |x| x * 2),
            v.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
        assert_eq!(
            parallel_map(Vec::<usize>::new(), |x| x),
            Vec::<usize>::new()
        );
    }

    /// Runs `for_each_ordered` and returns what it consumed, stopping after `limit` results.
    fn ordered(n: usize, limit: usize, work: impl Fn(usize) -> usize + Send + Sync) -> Vec<usize> {
        let mut seen = Vec::new();
        for_each_ordered(0..n, work, |r| {
            seen.push(r);
            if seen.len() == limit {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        seen
    }

    #[test]
    fn for_each_ordered_consumes_in_order_even_when_late_items_finish_first() {
        // Early items take longest, so results arrive in reverse order.
        let slow_first = |i: usize| {
            std::thread::sleep(std::time::Duration::from_micros((200 - i as u64) * 20));
            i * 3
        };
        let all = ordered(200, usize::MAX, slow_first);
        assert_eq!(all, (0..200).map(|i| i * 3).collect::<Vec<_>>());
        assert_eq!(ordered(0, usize::MAX, |i| i), Vec::<usize>::new());
    }

    #[test]
    fn for_each_ordered_stops_when_the_consumer_breaks() {
        let started = std::sync::atomic::AtomicUsize::new(0);
        let seen = ordered(10_000, 5, |i| {
            started.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            i
        });
        assert_eq!(seen, vec![0, 1, 2, 3, 4]);
        // The workers start an item only within a window of what the consumer has taken, and
        // the consumer takes every result ready in order at once (at most a window) before
        // handing them to `consume` one by one. When it stopped it had taken fewer than 5
        // before its last batch, so at most 5 + two windows were started, of 10,000.
        let window = threads() * AHEAD_PER_THREAD;
        let started = started.into_inner();
        assert!(started <= 5 + 2 * window, "{started} started");
    }

    #[test]
    fn workers_serve_several_runs_on_the_same_threads() {
        let ids = |w: &Workers<'_>, n: usize| {
            let mut out = Vec::new();
            let mut order = Vec::new();
            w.for_each_ordered(
                0..n,
                |i| (i, std::thread::current().id()),
                |(i, id)| {
                    order.push(i);
                    out.push(id);
                    ControlFlow::Continue(())
                },
            );
            assert_eq!(order, (0..n).collect::<Vec<_>>());
            out
        };
        with_workers(|w| {
            // Every run is served by the same workers: over 8 runs, no more threads than
            // one run has (new threads per run would make at least 8). Which of the workers
            // take items in a given run is up to the scheduler.
            let mut seen = std::collections::HashSet::new();
            for _ in 0..8 {
                seen.extend(ids(w, 500));
            }
            assert!(seen.len() <= threads(), "{} threads worked", seen.len());
            // A run stopped early leaves the workers to the next one.
            let mut taken = 0;
            w.for_each_ordered(
                0..10_000,
                |i| i,
                |_| {
                    taken += 1;
                    ControlFlow::Break(())
                },
            );
            assert_eq!(taken, 1);
            assert_eq!(ids(w, 50).len(), 50);
        });
    }

    #[test]
    fn for_each_ordered_passes_on_a_panic() {
        let r = std::panic::catch_unwind(|| {
            ordered(1000, usize::MAX, |i| {
                assert!(i != 300, "boom at 300");
                i
            })
        });
        assert!(r.is_err());
    }

    #[test]
    fn for_each_ordered_passes_on_a_panic_in_the_consumer_without_hanging() {
        // Workers are waiting for room when the consumer dies; they must be released.
        let r = std::panic::catch_unwind(|| {
            for_each_ordered(
                (0..10_000).collect::<Vec<usize>>(),
                |i| i,
                |i| {
                    assert!(i != 3, "consumer fails at 3");
                    ControlFlow::Continue(())
                },
            )
        });
        assert!(r.is_err());
    }
}
