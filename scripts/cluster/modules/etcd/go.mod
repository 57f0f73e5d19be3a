// Wrapper so the etcd server can be built from the module proxy: the server
// module's own ../api, ../pkg replaces are ignored when it is a dependency.
module remediator.local/cluster/etcd

go 1.26.0

require go.etcd.io/etcd/server/v3 v3.6.16

tool go.etcd.io/etcd/server/v3
