//! Work spread over the machine's cores: files over threads, and a large document's rules
//! over threads. The number of threads is the number of cores, or `MTLINT_THREADS` when set
//! (`MTLINT_THREADS=1` runs everything on one thread).

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::{Condvar, Mutex};

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

/// How far the workers of [`for_each_ordered`] may run ahead of the consumer, per thread.
const AHEAD_PER_THREAD: usize = 8;

/// What the threads of [`for_each_ordered`] share.
struct Ordered<I, R> {
    /// The items not started yet.
    items: I,
    /// How many items were started.
    started: usize,
    /// How many results were consumed (the index of the next one to consume).
    consumed: usize,
    /// Results not consumed yet, by index.
    ready: BTreeMap<usize, R>,
    /// Workers still running.
    active: usize,
    /// Stop starting items (the consumer is done, or a worker panicked).
    stop: bool,
}

/// Run `work` over `items` on [`threads`] threads and hand each result to `consume` on the
/// calling thread, in the order of `items`.
///
/// At most a few results per thread wait to be consumed (a worker does not start item `i`
/// until `consume` has taken the items before `i - threads * AHEAD_PER_THREAD`), so memory
/// does not grow with the number of items. The consumer is woken for results in batches of
/// half that window (or when a worker waits or ends), not once per item, which would cost a
/// context switch per file. `consume` returning `Break` stops the run: no new item is started
/// and the results still in flight are dropped. A panic in `work` stops the other workers and
/// is passed on to the caller. Items are taken from `items` one at a time, under a lock, as
/// workers need them: an iterator that reads its items (a file's blocks) reads them only as
/// fast as they are worked on.
pub fn for_each_ordered<T: Send, R: Send, I>(
    items: I,
    work: impl Fn(T) -> R + Sync,
    mut consume: impl FnMut(R) -> ControlFlow<()>,
) where
    I: IntoIterator<Item = T>,
    I::IntoIter: Send,
{
    let items = items.into_iter();
    let most = items.size_hint().1.unwrap_or(usize::MAX);
    let threads = threads().min(most.max(1));
    if threads <= 1 {
        for item in items {
            if consume(work(item)).is_break() {
                break;
            }
        }
        return;
    }
    let window = threads * AHEAD_PER_THREAD;
    let batch = window / 2;
    let shared = Mutex::new(Ordered {
        items,
        started: 0,
        consumed: 0,
        ready: BTreeMap::new(),
        active: threads,
        stop: false,
    });
    // Workers wait on `room` for the consumer to catch up; the consumer waits on `filled`.
    let (room, filled) = (Condvar::new(), Condvar::new());
    let lock = || {
        shared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (lock, room, filled, work) = (&lock, &room, &filled, &work);
            scope.spawn(move || {
                // Whatever way this worker ends, the consumer hears of it.
                let _leaving = Leaving(|| {
                    let mut s = lock();
                    s.active -= 1;
                    if std::thread::panicking() {
                        s.stop = true;
                        room.notify_all();
                    }
                    filled.notify_one();
                });
                loop {
                    let (i, item) = {
                        let mut s = lock();
                        while !s.stop && s.started >= s.consumed + window {
                            filled.notify_one();
                            s = room
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
                    let r = work(item);
                    let mut s = lock();
                    s.ready.insert(i, r);
                    if s.ready.len() >= batch {
                        filled.notify_one();
                    }
                }
            });
        }
        // However the consumer leaves (done, `Break`, or a panic in `consume`), waiting
        // workers are released, or the scope would wait for them forever.
        let _done = Leaving(|| {
            lock().stop = true;
            room.notify_all();
        });
        let mut taken = Vec::new();
        loop {
            {
                let mut s = lock();
                while s.active > 0 && !s.ready.contains_key(&s.consumed) {
                    s = filled
                        .wait(s)
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                }
                let mut next = s.consumed;
                while let Some(r) = s.ready.remove(&next) {
                    taken.push(r);
                    next += 1;
                }
                s.consumed = next;
                room.notify_all();
            }
            if taken.is_empty() {
                break; // every worker is done (or one panicked)
            }
            for r in taken.drain(..) {
                if consume(r).is_break() {
                    return;
                }
            }
        }
    });
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
    fn ordered(n: usize, limit: usize, work: impl Fn(usize) -> usize + Sync) -> Vec<usize> {
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
