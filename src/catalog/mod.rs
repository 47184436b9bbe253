//! EC2 instance types, their prices, and the node overhead model that turns an
//! instance type into allocatable resources the way Karpenter and the EKS AMIs do.

mod model;

pub use model::NodeModel;
