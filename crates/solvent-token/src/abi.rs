//! The contract interfaces a check calls: Uniswap V2's router, factory and
//! ERC-20, `owner()`, and an EIP-1967 beacon.

alloy::sol! {
    interface IRouter {
        function WETH() external pure returns (address);
        function factory() external pure returns (address);
        function getAmountsOut(uint amountIn, address[] calldata path) external view returns (uint[] memory amounts);
        function swapExactETHForTokensSupportingFeeOnTransferTokens(uint amountOutMin, address[] calldata path, address to, uint deadline) external payable;
        function swapExactTokensForETHSupportingFeeOnTransferTokens(uint amountIn, uint amountOutMin, address[] calldata path, address to, uint deadline) external;
    }

    interface IFactory {
        function getPair(address tokenA, address tokenB) external view returns (address pair);
    }

    interface IOwnable {
        function owner() external view returns (address);
        function getOwner() external view returns (address);
    }

    interface IBeacon {
        function implementation() external view returns (address);
    }

    interface IERC20 {
        event Transfer(address indexed from, address indexed to, uint256 value);
        function totalSupply() external view returns (uint256);
        function balanceOf(address owner) external view returns (uint256);
        function transfer(address to, uint256 value) external returns (bool);
        function approve(address spender, uint256 value) external returns (bool);
    }
}
