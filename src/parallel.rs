//! Work spread over the machine's cores: files over threads, and a large document's rules
//! over threads. The number of threads is the number of cores, or `MTLINT_THREADS` when set
//! (`MTLINT_THREADS=1` runs everything on one thread).

use std::sync::Mutex;

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
}
